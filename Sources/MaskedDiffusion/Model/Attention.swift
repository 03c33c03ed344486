/// Bidirectional multi-head attention over q/k/v packed as one [rows, 3d] matrix.
///
/// Per sequence b and head h: S = Q_h K_hᵀ / √hd, keys marked invalid get probability 0,
/// P = softmax(S) row-wise, O_h = P V_h. Heads are addressed in place through the GEMM row
/// strides, so nothing is transposed or copied.
enum Attention {
    /// qkv: [B·T, 3d] → probs: [B, H, T, T], out: [B·T, d].
    static func forward(
        qkv: UnsafePointer<Float>, probs: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
        keyValid: UnsafePointer<Bool>?, batch: Int, seqLen T: Int, heads H: Int, headDim hd: Int
    ) {
        let d = H * hd, ld = 3 * d
        let scale = 1 / Float(hd).squareRoot()
        for b in 0..<batch {
            let base = qkv + b * T * ld
            let valid = keyValid.map { $0 + b * T }
            for h in 0..<H {
                let p = probs + (b * H + h) * T * T
                BLAS.gemm(
                    transB: true, m: T, n: T, k: hd, alpha: scale, a: base + h * hd, lda: ld,
                    b: base + d + h * hd, ldb: ld, c: p, ldc: T)
                maskedSoftmaxRows(p, rows: T, n: T, valid: valid)
                BLAS.gemm(
                    m: T, n: hd, k: T, a: p, lda: T, b: base + 2 * d + h * hd, ldb: ld,
                    c: out + b * T * d + h * hd, ldc: d)
            }
        }
    }

    /// Queries of a window of w positions attending to all T positions of one sequence, whose
    /// keys and values come from a cache (the window's own already written there).
    /// qkv: [w, 3d] (only q is read), keys, values: [T, d] → probs: [H, w, T], out: [w, d].
    static func forwardCached(
        qkv: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        probs: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
        queries w: Int, keys T: Int, heads H: Int, headDim hd: Int
    ) {
        let d = H * hd
        let scale = 1 / Float(hd).squareRoot()
        for h in 0..<H {
            let p = probs + h * w * T
            BLAS.gemm(
                transB: true, m: w, n: T, k: hd, alpha: scale, a: qkv + h * hd, lda: 3 * d,
                b: keys + h * hd, ldb: d, c: p, ldc: T)
            Softmax.rowsInPlace(p, rows: w, n: T)
            BLAS.gemm(m: w, n: hd, k: T, a: p, lda: T, b: values + h * hd, ldb: d, c: out + h * hd, ldc: d)
        }
    }

    /// dOut: [B·T, d] → dqkv: [B·T, 3d] (gradients with respect to the post-RoPE q, k and v).
    /// scratch: [T, T].
    static func backward(
        dOut: UnsafePointer<Float>, qkv: UnsafePointer<Float>, probs: UnsafePointer<Float>,
        dqkv: UnsafeMutablePointer<Float>, scratch dP: UnsafeMutablePointer<Float>,
        batch: Int, seqLen T: Int, heads H: Int, headDim hd: Int
    ) {
        let d = H * hd, ld = 3 * d
        let scale = 1 / Float(hd).squareRoot()
        for b in 0..<batch {
            let base = qkv + b * T * ld, dBase = dqkv + b * T * ld
            for h in 0..<H {
                let p = probs + (b * H + h) * T * T
                let dO = dOut + b * T * d + h * hd
                // dP = dO V_hᵀ;  dV_h = Pᵀ dO
                BLAS.gemm(
                    transB: true, m: T, n: T, k: hd, a: dO, lda: d, b: base + 2 * d + h * hd, ldb: ld,
                    c: dP, ldc: T)
                BLAS.gemm(
                    transA: true, m: T, n: hd, k: T, a: p, lda: T, b: dO, ldb: d,
                    c: dBase + 2 * d + h * hd, ldc: ld)
                // dS = P ⊙ (dP − Σ_j dP·P), in place
                for i in 0..<T {
                    let pr = p + i * T, dr = dP + i * T
                    let c = dot(pr, dr, T)
                    for j in 0..<T { dr[j] = pr[j] * (dr[j] - c) }
                }
                // dQ_h = scale · dS K_h;  dK_h = scale · dSᵀ Q_h
                BLAS.gemm(
                    m: T, n: hd, k: T, alpha: scale, a: dP, lda: T, b: base + d + h * hd, ldb: ld,
                    c: dBase + h * hd, ldc: ld)
                BLAS.gemm(
                    transA: true, m: T, n: hd, k: T, alpha: scale, a: dP, lda: T, b: base + h * hd, ldb: ld,
                    c: dBase + d + h * hd, ldc: ld)
            }
        }
    }

    /// Softmax of each row over the valid keys; invalid keys get 0. A row with no valid key
    /// becomes all zeros (a fully padded sequence attends to nothing).
    @inline(__always)
    static func maskedSoftmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, valid: UnsafePointer<Bool>?) {
        guard let valid else {
            Softmax.rowsInPlace(x, rows: rows, n: n)
            return
        }
        for r in 0..<rows {
            let xr = x + r * n
            var m = -Float.infinity
            for j in 0..<n where valid[j] { m = Swift.max(m, xr[j]) }
            if m == -Float.infinity {
                xr.update(repeating: 0, count: n)
                continue
            }
            for j in 0..<n where !valid[j] { xr[j] = -Float.infinity }
            let total = expShiftedInPlace(xr, n, shift: m)
            scaleInPlace(xr, n, by: 1 / total)
        }
    }
}
