#pragma once
// The pieces the packed kernels share (private to this target): the tile sizes and one tile's
// accumulation over a 16-column panel. Only meaningful on x86-64.
#include "PackedGEMM.h"

enum { NR = UNMASK_PACKED_PANEL, MR = 6 };

/// Steps of k per pass: a panel's slice (16 · KC floats, 32 KB) stays in L1/L2 (256 measured slower).
enum { KC = 512 };

/// Rows of x per block: as many as keep a block's slice (rows · KC floats) within 192 KB of L2,
/// the blocks of a call equal in size up to a tile.
static inline size_t unmask_block_rows(size_t rows, size_t k) {
    size_t kc = k < KC ? (k ? k : 1) : KC;
    size_t most = (192 * 1024 / 4) / kc;
    most = most < MR ? MR : most / MR * MR;
    size_t blocks = (rows + most - 1) / most;
    size_t even = (rows + blocks - 1) / blocks;
    return (even + MR - 1) / MR * MR;
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
#endif
