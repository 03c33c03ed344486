#include "PackedTile.h"

// The MLP's gate/up product with SwiGLU applied as each tile finishes: m = silu(x·Gᵀ) ⊙ (x·Uᵀ).
// Unfused, the [rows, 2f] pre-activations go through memory and back (8 MB per layer at 1024
// rows of the small preset); here a tile's gate half waits in 384 bytes of L1 while its up half
// is computed (docs/measurements.md §2.5).

int unmask_packed_swiglu_applies(size_t k, size_t f) { return f % NR == 0 && k <= KC; }

#if defined(__x86_64__)

/// e^x on 8 lanes: the polynomial of `fastExp` in SIMDMath.swift (range reduction by the
/// round-to-nearest magic number, a degree-6 Taylor polynomial, 2^n in the exponent bits;
/// inputs below −87 give 0), so fused and unfused SwiGLU agree to rounding.
__attribute__((target("avx2,fma"), always_inline)) static inline __m256 exp8(__m256 x0) {
    __m256 lo = _mm256_set1_ps(-87.0f), hi = _mm256_set1_ps(88.0f);
    // Operands in this order pass a NaN through (max/min return their second operand on NaN).
    __m256 x = _mm256_min_ps(hi, _mm256_max_ps(lo, x0));
    __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 t = _mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), magic);
    __m256 n = _mm256_sub_ps(t, magic);
    __m256 r = _mm256_sub_ps(
        _mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(0.69314575f))), _mm256_mul_ps(n, _mm256_set1_ps(1.4286068e-6f)));
    const float c[] = {1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f};
    __m256 p = _mm256_set1_ps(1.0f / 720);
    for (int i = 0; i < 6; i++) p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(c[i]));
    __m256i bits = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(0x4B400000));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(127)), 23));
    return _mm256_andnot_ps(_mm256_cmp_ps(x0, lo, _CMP_LT_OQ), _mm256_mul_ps(p, scale));
}

/// silu(g) · u = g · σ(g) · u on 8 lanes, as SwiGLU.forward.
__attribute__((target("avx2,fma"), always_inline)) static inline __m256 swiglu8(__m256 g, __m256 u) {
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 sigma = _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), g))));
    return _mm256_mul_ps(_mm256_mul_ps(g, sigma), u);
}

/// mr ≤ 6 rows: the gate panel's tile, kept in L1, then the up panel's, combined into 16 columns of m.
__attribute__((target("avx2,fma"), always_inline)) static inline void swiglu_tile(
    int mr, size_t k, const float *x, const float *gate, const float *up, float *m, size_t f) {
    __m256 acc[MR][2];
    float g[MR][NR] __attribute__((aligned(32)));
    unmask_tile_products(mr, k, x, k, gate, acc);
    for (int i = 0; i < mr; i++) {
        _mm256_store_ps(g[i], acc[i][0]);
        _mm256_store_ps(g[i] + 8, acc[i][1]);
    }
    unmask_tile_products(mr, k, x, k, up, acc);
    for (int i = 0; i < mr; i++) {
        _mm256_storeu_ps(m + i * f, swiglu8(_mm256_load_ps(g[i]), acc[i][0]));
        _mm256_storeu_ps(m + i * f + 8, swiglu8(_mm256_load_ps(g[i] + 8), acc[i][1]));
    }
}

__attribute__((target("avx2,fma"))) static void swiglu_tail(
    int mr, size_t k, const float *x, const float *gate, const float *up, float *m, size_t f) {
    switch (mr) {
    case 1: swiglu_tile(1, k, x, gate, up, m, f); break;
    case 2: swiglu_tile(2, k, x, gate, up, m, f); break;
    case 3: swiglu_tile(3, k, x, gate, up, m, f); break;
    case 4: swiglu_tile(4, k, x, gate, up, m, f); break;
    default: swiglu_tile(5, k, x, gate, up, m, f); break;
    }
}

/// The 16-lane tile: mr ≤ 12 rows over the gate panel and the up panel at once (the two panels
/// of one AVX-512 tile), SwiGLU applied to each zmm as two 8-lane halves.
__attribute__((target("avx2,fma,avx512f"), always_inline)) static inline void swiglu_tile16(
    int mr, size_t k, const float *x, const float *gate, const float *up, float *m, size_t f, const float *ahead) {
    __m512 acc[MR16][2];
    unmask_tile_products16(mr, 1, k, x, k, gate, up, acc, ahead);
    for (int i = 0; i < mr; i++) {
        __m256 lo = swiglu8(_mm512_castps512_ps256(acc[i][0]), _mm512_castps512_ps256(acc[i][1]));
        __m256 hi = swiglu8(
            _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc[i][0]), 1)),
            _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc[i][1]), 1)));
        _mm256_storeu_ps(m + i * f, lo);
        _mm256_storeu_ps(m + i * f + 8, hi);
    }
}

#define SWIGLU16_CASE(n) \
    case n: swiglu_tile16(n, k, x, gate, up, m, f, NULL); break;
__attribute__((target("avx2,fma,avx512f"))) static void swiglu_tail16(
    int mr, size_t k, const float *x, const float *gate, const float *up, float *m, size_t f) {
    switch (mr) {
        SWIGLU16_CASE(1) SWIGLU16_CASE(2) SWIGLU16_CASE(3) SWIGLU16_CASE(4) SWIGLU16_CASE(5) SWIGLU16_CASE(6)
        SWIGLU16_CASE(7) SWIGLU16_CASE(8) SWIGLU16_CASE(9) SWIGLU16_CASE(10) SWIGLU16_CASE(11)
    }
}

/// One width's tiles: `whole` takes a full tile (and fetches `ahead`, a panel the next tiles will
/// read, into L2 meanwhile, or ignores it), `tail` the fewer rows left at a block's end.
typedef void (*whole_tile)(size_t k, const float *x, const float *gate, const float *up, float *m, size_t f,
    const float *ahead);
typedef void (*tail_tile)(int mr, size_t k, const float *x, const float *gate, const float *up, float *m, size_t f);

__attribute__((target("avx2,fma"))) static void whole8(
    size_t k, const float *x, const float *gate, const float *up, float *m, size_t f, const float *ahead) {
    (void)ahead;  // The 8-lane kernel was measured without fetching ahead (docs/measurements.md §2.5).
    swiglu_tile(MR, k, x, gate, up, m, f);
}

__attribute__((target("avx2,fma,avx512f"))) static void whole16(
    size_t k, const float *x, const float *gate, const float *up, float *m, size_t f, const float *ahead) {
    swiglu_tile16(MR16, k, x, gate, up, m, f, ahead);
}

/// Blocks of rows as in unmask_packed_product, tiles of mr rows; per block, panel pair p (gate
/// columns 16p…, up columns f + 16p…) in turn, the block's tiles passing over both. The first two
/// tiles over a pair fetch the next pair's gate and up panels.
static void swiglu_rows(
    size_t mr, whole_tile whole, tail_tile tail, const float *x, const float *packed, float *m, size_t rows, size_t k,
    size_t f) {
    size_t pairs = f / NR, step = unmask_block_rows(rows, k, mr);
    for (size_t r0 = 0; r0 < rows; r0 += step) {
        size_t r1 = r0 + step < rows ? r0 + step : rows;
        for (size_t p = 0; p < pairs; p++) {
            const float *gate = packed + p * k * NR, *up = packed + (p + pairs) * k * NR;
            const float *next[2] = {gate + k * NR, up + k * NR};
            size_t r = r0;
            for (int fetch = 0; r + mr <= r1; r += mr, fetch++) {
                const float *ahead = fetch < 2 && p + 1 < pairs ? next[fetch] : NULL;
                whole(k, x + r * k, gate, up, m + r * f + p * NR, f, ahead);
            }
            if (r < r1) tail((int)(r1 - r), k, x + r * k, gate, up, m + r * f + p * NR, f);
        }
    }
}

void unmask_packed_swiglu(int lanes, const float *x, const float *packed, float *m, size_t rows, size_t k, size_t f) {
    if (rows == 0) return;
    if (lanes == 16) swiglu_rows(MR16, whole16, swiglu_tail16, x, packed, m, rows, k, f);
    else swiglu_rows(MR, whole8, swiglu_tail, x, packed, m, rows, k, f);
}

#else

void unmask_packed_swiglu(int lanes, const float *x, const float *packed, float *m, size_t rows, size_t k, size_t f) {
    (void)lanes, (void)x, (void)packed, (void)m, (void)rows, (void)k, (void)f;
}

#endif
