#pragma once
// The pieces the packed kernels share (private to this target): the tile sizes and one tile's
// accumulation, at 8 lanes (AVX2/FMA) and at 16 (AVX-512). Only meaningful on x86-64.
#include "PackedGEMM.h"

/// Columns per panel; rows of x per tile at 8 lanes (12 accumulators) and at 16 (24).
enum { NR = UNMASK_PACKED_PANEL, MR = 6, MR16 = 12 };

/// Steps of k per pass: a panel's slice (16 · KC floats, 32 KB) stays in L1/L2 (256 measured slower).
enum { KC = 512 };

/// Rows of x per block: as many as keep a block's slice (rows · KC floats) within 192 KB of L2,
/// the blocks of a call equal in size up to a tile of mr rows.
static inline size_t unmask_block_rows(size_t rows, size_t k, size_t mr) {
    size_t kc = k < KC ? (k ? k : 1) : KC;
    size_t most = (192 * 1024 / 4) / kc;
    most = most < mr ? mr : most / mr * mr;
    size_t blocks = (rows + most - 1) / most;
    size_t even = (rows + blocks - 1) / blocks;
    return (even + mr - 1) / mr * mr;
}

#if defined(__x86_64__)
#include <immintrin.h>

/// acc[i][0..1] = Σ_kk x[i, kk] · panel[kk][0..15] for mr ≤ 6 rows of x (row stride ldx), over kc
/// steps of k. Twelve accumulators, two panel loads and one broadcast per row per step (15 of
/// the 16 ymm registers at mr = 6). Inlined with a constant mr, the loops over rows unroll and
/// the accumulators stay in registers.
__attribute__((target("avx2,fma"), always_inline)) static inline void unmask_tile_products(
    int mr, size_t kc, const float *x, size_t ldx, const float *panel, __m256 acc[MR][2]) {
    for (int i = 0; i < mr; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    for (size_t kk = 0; kk < kc; kk++) {
        __m256 b0 = _mm256_load_ps(panel + kk * NR), b1 = _mm256_load_ps(panel + kk * NR + 8);
        for (int i = 0; i < mr; i++) {
            __m256 a = _mm256_broadcast_ss(x + i * ldx + kk);
            acc[i][0] = _mm256_fmadd_ps(a, b0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(a, b1, acc[i][1]);
        }
    }
}

/// The AVX-512 tile: acc[i][0] over panel p0 and, when `two`, acc[i][1] over panel p1, for
/// mr ≤ 12 rows. One zmm holds a panel's 16 columns, so a tile spans two panels to keep 24
/// accumulators busy per two panel loads (one panel per tile would be bound by loads: a
/// broadcast per multiply-add). With a constant mr and `two`, everything stays in registers.
/// A non-null `ahead` is a panel slice (kc steps) the next tiles will read: fetched into L2 line
/// by line meanwhile, since the first pass over a panel from memory runs ~10% slower. Panels
/// need only the packed layout's 32-byte alignment: unaligned loads, as fast on aligned data.
__attribute__((target("avx2,fma,avx512f"), always_inline)) static inline void unmask_tile_products16(
    int mr, int two, size_t kc, const float *x, size_t ldx, const float *p0, const float *p1, __m512 acc[MR16][2],
    const float *ahead) {
    for (int i = 0; i < mr; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
    for (size_t kk = 0; kk < kc; kk++) {
        if (ahead) _mm_prefetch((const char *)(ahead + kk * NR), _MM_HINT_T1);
        __m512 b0 = _mm512_loadu_ps(p0 + kk * NR), b1 = two ? _mm512_loadu_ps(p1 + kk * NR) : b0;
        for (int i = 0; i < mr; i++) {
            __m512 a = _mm512_set1_ps(x[i * ldx + kk]);
            acc[i][0] = _mm512_fmadd_ps(a, b0, acc[i][0]);
            if (two) acc[i][1] = _mm512_fmadd_ps(a, b1, acc[i][1]);
        }
    }
}
#endif

/// unmask_packed_product at 16 lanes (PackedGEMM16.c); x86-64 only.
void unmask_packed_product16(
    const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k, size_t n,
    int accumulate);
