#include "PackedTile.h"

// The AVX-512F product: tiles of 12 rows × two panels (32 columns), the last panel of an odd
// count alone. Same blocking as the 8-lane kernel (PackedGEMM.c), same packed layout.

#if defined(__x86_64__)

/// Lanes of a panel's 16 columns that exist: the first `cols` (all when cols ≥ 16).
static inline __mmask16 first_lanes(size_t cols) { return cols >= 16 ? 0xFFFF : (__mmask16)((1u << cols) - 1); }

/// One tile: mr ≤ 12 rows of x against panel p0 (and p1 when `two`), written to (or added to)
/// the tile's cols ≤ 32 columns of y.
__attribute__((target("avx2,fma,avx512f"), always_inline)) static inline void tile16(
    int mr, int two, size_t kc, const float *x, size_t ldx, const float *p0, const float *p1, float *y, size_t ldy,
    size_t cols, int accumulate, const float *ahead) {
    __m512 acc[MR16][2];
    unmask_tile_products16(mr, two, kc, x, ldx, p0, p1, acc, ahead);
    __mmask16 m0 = first_lanes(cols), m1 = first_lanes(cols > NR ? cols - NR : 0);
    for (int i = 0; i < mr; i++) {
        float *row = y + i * ldy;
        if (accumulate) acc[i][0] = _mm512_add_ps(acc[i][0], _mm512_maskz_loadu_ps(m0, row));
        _mm512_mask_storeu_ps(row, m0, acc[i][0]);
        if (two) {
            if (accumulate) acc[i][1] = _mm512_add_ps(acc[i][1], _mm512_maskz_loadu_ps(m1, row + NR));
            _mm512_mask_storeu_ps(row + NR, m1, acc[i][1]);
        }
    }
}

/// The last rows of a block, fewer than a tile, or a lone last panel.
#define TILE16_CASE(n, t) \
    case n: tile16(n, t, kc, x, ldx, p0, p1, y, ldy, cols, accumulate, NULL); break;
#define TILE16_SWITCH(t) \
    switch (mr) { \
        TILE16_CASE(1, t) TILE16_CASE(2, t) TILE16_CASE(3, t) TILE16_CASE(4, t) TILE16_CASE(5, t) \
        TILE16_CASE(6, t) TILE16_CASE(7, t) TILE16_CASE(8, t) TILE16_CASE(9, t) TILE16_CASE(10, t) \
        TILE16_CASE(11, t) TILE16_CASE(12, t) \
    }
__attribute__((target("avx2,fma,avx512f"))) static void any_tile16(
    int mr, int two, size_t kc, const float *x, size_t ldx, const float *p0, const float *p1, float *y, size_t ldy,
    size_t cols, int accumulate) {
    if (two) {
        TILE16_SWITCH(1)
    } else {
        TILE16_SWITCH(0)
    }
}

__attribute__((target("avx2,fma,avx512f"))) void unmask_packed_product16(
    const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k, size_t n,
    int accumulate) {
    size_t panels = (n + NR - 1) / NR, step = unmask_block_rows(rows, k, MR16);
    for (size_t r0 = 0; r0 < rows; r0 += step) {
        size_t r1 = r0 + step < rows ? r0 + step : rows;
        for (size_t k0 = 0; k0 < k || k0 == 0; k0 += KC) {
            size_t kc = k - k0 < KC ? k - k0 : KC;
            int add = accumulate || k0 > 0;
            for (size_t p = 0; p < panels; p += 2) {
                int two = p + 1 < panels;
                const float *p0 = packed + p * k * NR + k0 * NR, *p1 = two ? p0 + k * NR : p0;
                size_t cols = n - p * NR < 2 * NR ? n - p * NR : 2 * NR;
                float *out = y + p * NR;
                size_t r = r0;
                if (two) {
                    // The first two tiles also fetch the next pair's slices into L2, one panel each.
                    int fetch = 0;
                    for (; r + MR16 <= r1; r += MR16, fetch++) {
                        const float *ahead = fetch < 2 && p + 2 + fetch < panels ? p0 + (2 + fetch) * k * NR : NULL;
                        tile16(MR16, 1, kc, x + r * ldx + k0, ldx, p0, p1, out + r * ldy, ldy, cols, add, ahead);
                    }
                }
                // A lone last panel's tiles and the block's last rows: a switch on mr.
                for (; r < r1; r += MR16) {
                    int mr = r1 - r < MR16 ? (int)(r1 - r) : MR16;
                    any_tile16(mr, two, kc, x + r * ldx + k0, ldx, p0, p1, out + r * ldy, ldy, cols, add);
                }
            }
        }
    }
}

#endif
