/// Bidirectional attention with grouped key/value heads: the `attend(q, k, v)` stage of a layer.
///
/// Per sequence b and query head h, with g = h / (H / nKV) its key/value head:
/// S = Q_h K_gᵀ / √hd, keys marked invalid get probability 0, P = softmax(S) row-wise,
/// O_h = P V_g. q, k and v are read in place through their row strides (they are column blocks
/// of the packed q/k/v matrix in a pass; a cache of post-RoPE keys and values may pass its own
/// buffers), so nothing is transposed or copied. With nKV = H this is plain multi-head attention.
enum Attention {
    /// The sizes of one call: `batch` sequences of `seqLen` positions, `heads` query heads and
    /// `kvHeads` key/value heads of width `headDim`.
    struct Shape {
        let batch, seqLen, heads, kvHeads, headDim: Int
        var group: Int { heads / kvHeads }
        var scale: Float { 1 / Float(headDim).squareRoot() }
    }

    /// q: [B·T, ≥ H·hd] (row stride qStride), k, v: [B·T, ≥ nKV·hd] (row stride kvStride)
    /// → probs: [B, H, T, T], out: [B·T, H·hd]. keyValid: [B·T] or nil (every key valid).
    /// `pairs` (default all B·H): the (sequence b, head h) pairs b·H + h to compute; pairs write
    /// disjoint parts of probs and out, so workers may share a call's buffers.
    /// `queryOffsets` ([B + 1]) or nil: with offsets, sequence b's queries are only the rows
    /// offsets[b]..<offsets[b + 1] of q and out (a subset of its positions, gathered there), still
    /// attending to all T of its keys; nil: row b·T + i holds position i's query.
    /// `keepProbs` false (inference): every pair of the call reuses the first pair's [T, T] of
    /// probs, which then stays in cache instead of streaming B·H·T² floats through memory.
    /// `panels`: multiply on the packed kernel with this scratch (inference); nil: OpenBLAS.
    static func forward(
        q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, kvStride: Int,
        probs: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, keyValid: UnsafePointer<Bool>?, _ s: Shape,
        pairs: Range<Int>? = nil, queryOffsets: UnsafePointer<Int>? = nil, keepProbs: Bool = true,
        panels: AttentionPanels? = nil
    ) {
        let T = s.seqLen, width = s.heads * s.headDim
        let all = pairs ?? 0..<s.batch * s.heads
        for pair in all {
            let b = pair / s.heads
            let first = queryOffsets.map { $0[b] } ?? b * T
            let queries = queryOffsets.map { $0[b + 1] - $0[b] } ?? T
            if queries == 0 { continue }
            head(
                pair % s.heads, q: q + first * qStride, qStride: qStride, k: k + b * T * kvStride,
                v: v + b * T * kvStride, kvStride: kvStride, keyValid: keyValid.map { $0 + b * T },
                probs: probs + (keepProbs ? pair : all.lowerBound) * T * T, out: out + first * width, outStride: width,
                queries: queries, keys: T, s, panels: panels)
        }
    }

    /// Queries of a window of w positions of one sequence attending to all T of its positions,
    /// whose keys and values come from a cache (the window's own already written there).
    /// q: [w, ≥ H·hd] (row stride qStride), keys, values: [T, nKV·hd] → probs: [H, w, T],
    /// out: [w, H·hd]. (`s.batch` and `s.seqLen` are not read.) `panels` as in `forward`.
    static func forwardCached(
        q: UnsafePointer<Float>, qStride: Int, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        probs: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, queries w: Int, keys T: Int, _ s: Shape,
        panels: AttentionPanels? = nil
    ) {
        for h in 0..<s.heads {
            head(
                h, q: q, qStride: qStride, k: keys, v: values, kvStride: s.kvHeads * s.headDim, keyValid: nil,
                probs: probs + h * w * T, out: out, outStride: s.heads * s.headDim, queries: w, keys: T, s,
                panels: panels)
        }
    }

    /// Query head h of `queries` rows against `keys` positions of one sequence: S = Q_h K_gᵀ·scale,
    /// invalid keys masked, P = softmax(S) → probs: [queries, keys], O_h = P V_g into head h's
    /// columns of out (row stride outStride); both products on the packed kernel with `panels`.
    @inline(__always)
    private static func head(
        _ h: Int, q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        kvStride: Int, keyValid: UnsafePointer<Bool>?, probs p: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, outStride: Int, queries: Int, keys: Int, _ s: Shape, panels: AttentionPanels?
    ) {
        let hd = s.headDim, g = h / s.group
        if let panels {
            panels.scores(
                q: q + h * hd, qStride: qStride, k: k + g * hd, kStride: kvStride, scale: s.scale, into: p,
                queries: queries, keys: keys, headDim: hd)
        } else {
            BLAS.gemm(
                transB: true, m: queries, n: keys, k: hd, alpha: s.scale, a: q + h * hd, lda: qStride,
                b: k + g * hd, ldb: kvStride, c: p, ldc: keys)
        }
        maskedSoftmaxRows(p, rows: queries, n: keys, valid: keyValid)
        if let panels {
            panels.weightedValues(
                p: p, v: v + g * hd, vStride: kvStride, into: out + h * hd, outStride: outStride, queries: queries,
                keys: keys, headDim: hd)
        } else {
            BLAS.gemm(
                m: queries, n: hd, k: keys, a: p, lda: keys, b: v + g * hd, ldb: kvStride, c: out + h * hd,
                ldc: outStride)
        }
    }

    /// dOut: [B·T, H·hd] → dq (stride qStride), dk, dv (stride kvStride): the gradients with
    /// respect to the post-RoPE q, k and v, overwritten (a key/value head sums its group's).
    /// scratch: [T, T].
    static func backward(
        dOut: UnsafePointer<Float>, q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>,
        v: UnsafePointer<Float>, kvStride: Int, probs: UnsafePointer<Float>,
        dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
        scratch dP: UnsafeMutablePointer<Float>, _ s: Shape
    ) {
        let T = s.seqLen, hd = s.headDim, width = s.heads * hd
        for b in 0..<s.batch {
            let qb = q + b * T * qStride, kb = k + b * T * kvStride, vb = v + b * T * kvStride
            let dqb = dq + b * T * qStride, dkb = dk + b * T * kvStride, dvb = dv + b * T * kvStride
            for h in 0..<s.heads {
                let g = h / s.group
                // The first query head of a group writes its key/value head's gradient, the rest add.
                let beta: Float = h % s.group == 0 ? 0 : 1
                let p = probs + (b * s.heads + h) * T * T
                let dO = dOut + b * T * width + h * hd
                // dP = dO V_gᵀ;  dV_g (+)= Pᵀ dO
                BLAS.gemm(transB: true, m: T, n: T, k: hd, a: dO, lda: width, b: vb + g * hd, ldb: kvStride, c: dP, ldc: T)
                BLAS.gemm(
                    transA: true, m: T, n: hd, k: T, a: p, lda: T, b: dO, ldb: width, beta: beta,
                    c: dvb + g * hd, ldc: kvStride)
                // dS = P ⊙ (dP − Σ_j dP·P), in place
                for i in 0..<T {
                    let pr = p + i * T, dr = dP + i * T
                    let c = dot(pr, dr, T)
                    for j in 0..<T { dr[j] = pr[j] * (dr[j] - c) }
                }
                // dQ_h = scale · dS K_g;  dK_g (+)= scale · dSᵀ Q_h
                BLAS.gemm(
                    m: T, n: hd, k: T, alpha: s.scale, a: dP, lda: T, b: kb + g * hd, ldb: kvStride,
                    c: dqb + h * hd, ldc: qStride)
                BLAS.gemm(
                    transA: true, m: T, n: hd, k: T, alpha: s.scale, a: dP, lda: T, b: qb + h * hd, ldb: qStride,
                    beta: beta, c: dkb + g * hd, ldc: kvStride)
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
