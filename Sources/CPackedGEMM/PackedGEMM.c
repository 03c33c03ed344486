#include "PackedTile.h"

size_t unmask_packed_count(size_t n, size_t k) { return (n + NR - 1) / NR * NR * k; }

void unmask_pack_weight(const float *w, size_t n, size_t k, float *dst) { unmask_pack_rows(w, k, n, k, 1.0f, dst); }

void unmask_pack_rows(const float *w, size_t ldw, size_t n, size_t k, float scale, float *dst) {
    size_t panels = (n + NR - 1) / NR;
    for (size_t p = 0; p < panels; p++) {
        float *panel = dst + p * k * NR;
        for (size_t kk = 0; kk < k; kk++) {
            for (size_t j = 0; j < NR; j++) {
                size_t row = p * NR + j;
                panel[kk * NR + j] = row < n ? scale * w[row * ldw + kk] : 0.0f;
            }
        }
    }
}

void unmask_pack_columns(const float *b, size_t ldb, size_t k, size_t n, float *dst) {
    size_t panels = (n + NR - 1) / NR;
    for (size_t p = 0; p < panels; p++) {
        float *panel = dst + p * k * NR;
        size_t cols = n - p * NR < NR ? n - p * NR : NR;
        for (size_t kk = 0; kk < k; kk++) {
            const float *src = b + kk * ldb + p * NR;
            for (size_t j = 0; j < NR; j++) panel[kk * NR + j] = j < cols ? src[j] : 0.0f;
        }
    }
}

#if defined(__x86_64__)
int unmask_packed_gemm_built(void) { return 1; }

/// One tile: mr ≤ 6 rows of x (row stride ldx) against one 16-column panel, over kc steps of k,
/// written to (or added to) the tile's cols ≤ 16 columns of y.
__attribute__((target("avx2,fma"), always_inline)) static inline void tile(
    int mr, size_t kc, const float *x, size_t ldx, const float *panel, float *y, size_t ldy, size_t cols,
    int accumulate) {
    __m256 acc[MR][2];
    unmask_tile_products(mr, kc, x, ldx, panel, acc);
    for (int i = 0; i < mr; i++) {
        float *row = y + i * ldy;
        if (cols == NR) {
            if (accumulate) {
                acc[i][0] = _mm256_add_ps(acc[i][0], _mm256_loadu_ps(row));
                acc[i][1] = _mm256_add_ps(acc[i][1], _mm256_loadu_ps(row + 8));
            }
            _mm256_storeu_ps(row, acc[i][0]);
            _mm256_storeu_ps(row + 8, acc[i][1]);
        } else {
            float out[NR];
            _mm256_storeu_ps(out, acc[i][0]);
            _mm256_storeu_ps(out + 8, acc[i][1]);
            for (size_t j = 0; j < cols; j++) row[j] = accumulate ? row[j] + out[j] : out[j];
        }
    }
}

/// The last rows of a block, fewer than a tile.
__attribute__((target("avx2,fma"))) static void tail(
    int mr, size_t kc, const float *x, size_t ldx, const float *panel, float *y, size_t ldy, size_t cols,
    int accumulate) {
    switch (mr) {
    case 1: tile(1, kc, x, ldx, panel, y, ldy, cols, accumulate); break;
    case 2: tile(2, kc, x, ldx, panel, y, ldy, cols, accumulate); break;
    case 3: tile(3, kc, x, ldx, panel, y, ldy, cols, accumulate); break;
    case 4: tile(4, kc, x, ldx, panel, y, ldy, cols, accumulate); break;
    default: tile(5, kc, x, ldx, panel, y, ldy, cols, accumulate); break;
    }
}

/// For each block of rows and each slice of k (the block's slice kept in L2), every panel's slice
/// in turn (kept in L1 while the block's tiles pass over it). Slices after the first add to y.
/// At the 27–128 rows of a batch-1 denoise step there is one block for inputs up to 256 wide
/// (two for small's 1024-wide down projection), so each weight is read from memory once or twice.
__attribute__((target("avx2,fma"))) static void product8(
    const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k, size_t n,
    int accumulate) {
    size_t panels = (n + NR - 1) / NR, step = unmask_block_rows(rows, k, MR);
    for (size_t r0 = 0; r0 < rows; r0 += step) {
        size_t r1 = r0 + step < rows ? r0 + step : rows;
        for (size_t k0 = 0; k0 < k || k0 == 0; k0 += KC) {
            size_t kc = k - k0 < KC ? k - k0 : KC;
            int add = accumulate || k0 > 0;
            for (size_t p = 0; p < panels; p++) {
                const float *panel = packed + p * k * NR + k0 * NR;
                size_t cols = n - p * NR < NR ? n - p * NR : NR;
                float *out = y + p * NR;
                size_t r = r0;
                for (; r + MR <= r1; r += MR) tile(MR, kc, x + r * ldx + k0, ldx, panel, out + r * ldy, ldy, cols, add);
                if (r < r1) tail((int)(r1 - r), kc, x + r * ldx + k0, ldx, panel, out + r * ldy, ldy, cols, add);
            }
        }
    }
}

void unmask_packed_linear(
    int lanes, const float *x, const float *packed, float *y, size_t rows, size_t k, size_t n, int accumulate) {
    unmask_packed_product(lanes, x, k, packed, y, n, rows, k, n, accumulate);
}

void unmask_packed_product(
    int lanes, const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k,
    size_t n, int accumulate) {
    if (rows == 0) return;
    if (lanes == 16) unmask_packed_product16(x, ldx, packed, y, ldy, rows, k, n, accumulate);
    else product8(x, ldx, packed, y, ldy, rows, k, n, accumulate);
}

#else

int unmask_packed_gemm_built(void) { return 0; }

void unmask_packed_linear(
    int lanes, const float *x, const float *packed, float *y, size_t rows, size_t k, size_t n, int accumulate) {
    (void)lanes, (void)x, (void)packed, (void)y, (void)rows, (void)k, (void)n, (void)accumulate;
}

void unmask_packed_product(
    int lanes, const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k,
    size_t n, int accumulate) {
    (void)lanes, (void)x, (void)ldx, (void)packed, (void)y, (void)ldy, (void)rows, (void)k, (void)n, (void)accumulate;
}

#endif
