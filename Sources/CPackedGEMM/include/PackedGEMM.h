#pragma once
// Y = X · Wᵀ over a weight matrix packed once (docs/architecture.md, "Packed weights").
//
// OpenBLAS repacks W on every call, which is a sixth of an inference step at 64–128 rows
// (docs/measurements.md §2). Inference weights do not change between calls, so they are packed
// once into panels of 16 output columns, k-major: panel p holds W[16p + j, kk] at
// [p][kk][j] (zeros past the last row of W). A kernel then reads them in order: at 8 lanes
// (AVX2/FMA, one panel per tile) or at 16 (AVX-512F, two panels per tile).
//
// The kernels carry their own target attributes, so this file builds for any x86-64 and the
// caller chooses `lanes` at run time from what the CPU has; elsewhere every function is a stub
// that is never called.
#include <stddef.h>

/// Output columns per panel.
enum { UNMASK_PACKED_PANEL = 16 };

/// Floats of the packed form of an [n, k] matrix: ceil(n / 16) · 16 · k.
size_t unmask_packed_count(size_t n, size_t k);

/// Packs w ([n, k], row stride k) into dst ([ceil(n/16), k, 16], 32-byte aligned).
void unmask_pack_weight(const float *w, size_t n, size_t k, float *dst);

/// The same for rows read through a stride and scaled: W[j, kk] = scale · w[j · ldw + kk]
/// (an attention head's keys, [n keys, k = head width], as the right operand of Q·Kᵀ).
void unmask_pack_rows(const float *w, size_t ldw, size_t n, size_t k, float scale, float *dst);

/// Packs the transpose of b ([k, n], row stride ldb): W[j, kk] = b[kk · ldb + j] (an attention
/// head's values, [k keys, n = head width], as the right operand of P·V).
void unmask_pack_columns(const float *b, size_t ldb, size_t k, size_t n, float *dst);

/// y[r, j] (+)= Σ_kk x[r, kk] · W[j, kk] for r < rows, j < n: x [rows, k] with row stride k,
/// y [rows, n] with row stride n, packed = unmask_pack_weight's output for W [n, k]. Adds to y
/// when `accumulate` is non-zero, else overwrites it. `lanes` is 16 (the AVX-512F kernel; the
/// CPU must have it) or 8 (AVX2/FMA).
void unmask_packed_linear(
    int lanes, const float *x, const float *packed, float *y, size_t rows, size_t k, size_t n, int accumulate);

/// unmask_packed_linear with row strides: x [rows, k] (stride ldx), y [rows, n] (stride ldy).
void unmask_packed_product(
    int lanes, const float *x, size_t ldx, const float *packed, float *y, size_t ldy, size_t rows, size_t k,
    size_t n, int accumulate);

/// Whether this build has the kernels (x86-64 only). The CPU must also have AVX2 and FMA, and
/// AVX-512F for 16 lanes.
int unmask_packed_gemm_built(void);

/// Whether unmask_packed_swiglu takes an MLP of input width k and hidden width f: f a multiple of
/// 16 (whole panel pairs) and k within one k-slice.
int unmask_packed_swiglu_applies(size_t k, size_t f);

/// m[r, j] = silu(g) · u with g = Σ_kk x[r, kk] · W[j, kk], u = Σ_kk x[r, kk] · W[f + j, kk]:
/// x [rows, k] (row stride k), packed = unmask_pack_weight's output for W = [gate; up] ([2f, k]),
/// m [rows, f]. Only where unmask_packed_swiglu_applies(k, f); `lanes` as for unmask_packed_linear.
void unmask_packed_swiglu(int lanes, const float *x, const float *packed, float *m, size_t rows, size_t k, size_t f);
