/// The attention half of a block, as separate stages so each can be swapped or cached:
/// project q, k, v (+ bias) → per-head q/k RMSNorm (Qwen3) → RoPE on q and k → attend → o_proj.
///
/// The projection writes one packed row per token, [q | k | v] of widths H·hd, nKV·hd, nKV·hd
/// (`ModelConfig.qkvWidth`); after the RoPE stage the k and v blocks of that row are exactly
/// what a key/value cache would keep for the position.
extension TransformerPass {
    /// xs[l] → xMid[l] = xs[l] + attention(RMSNorm(xs[l])) W_oᵀ. Rows = B·T of the current batch.
    /// With a cache, also stores every position's post-RoPE keys and values at `slots` ([B]).
    func attentionForward(layer l: Int, _ p: ParameterLayout.Layer, cache: KVCache? = nil, slots: ArraySlice<Int> = []) {
        let W = c.qkvWidth, T = ws.seqLen
        let qkv = projectQKV(layer: l, p, rows: 0..<ws.rows, firstPosition: 0)
        let k = qkv + c.queryWidth, v = k + c.keyValueWidth
        if let cache {
            for (b, slot) in slots.enumerated() {
                cache.store(layer: l, slot: slot, position: 0, count: T, k: k + b * T * W, v: v + b * T * W, stride: W)
            }
        }
        attend(layer: l, pairs: 0..<ws.batch * c.nHeads)
        projectOut(layer: l, p, rows: 0..<ws.rows)
    }

    /// Stage 4 for the (sequence b, head h) pairs b·H + h in `pairs`: attn[l] from the packed
    /// q/k/v of layer l (every row of those sequences projected). In the last layer of a pass
    /// that keeps rows before attention (`TransformerPass+ScoredRows.swift`), only the kept rows'
    /// queries, compacted to the front, attend.
    /// `scratch`: the workspace whose attention panels this worker uses (default this pass's;
    /// workers sharing one pass bring their own).
    func attend(layer l: Int, pairs: Range<Int>, scratch: Workspace? = nil) {
        let qkv = ws.qkv[l].data, W = c.qkvWidth
        let k = qkv + c.queryWidth, v = k + c.keyValueWidth
        // Only passes on packed weights compact the queries; training attends with every query.
        let kept = ws.lastLayer == .keptBeforeAttention && l == c.nLayers - 1 ? ws.keptOffsets : nil
        withOptionalPointer(ws.keyValid) { valid in
            withOptionalPointer(kept) { offsets in
                Attention.forward(
                    q: qkv, qStride: W, k: k, v: v, kvStride: W, probs: ws.probs[l].data, out: ws.attn[l].data,
                    keyValid: valid, attentionShape, pairs: pairs, queryOffsets: offsets, keepProbs: !ws.forwardOnly,
                    panels: (scratch ?? ws).attentionPanels)
            }
        }
    }

    /// The same for a window: the current rows are positions `window` of each sequence (of
    /// `seqLen` positions); their keys and values replace the cache's at `slots`, and they attend
    /// to every cached position (Fast-dLLM's approximate cache).
    func attentionForwardWindow(
        layer l: Int, _ p: ParameterLayout.Layer, window: Range<Int>, seqLen T: Int, cache: KVCache, slots: ArraySlice<Int>
    ) {
        let W = c.qkvWidth, w = window.count
        let qkv = projectQKV(layer: l, p, rows: 0..<ws.rows, firstPosition: window.lowerBound)
        for (b, slot) in slots.enumerated() {
            let q = qkv + b * w * W, k = q + c.queryWidth, v = k + c.keyValueWidth
            cache.store(layer: l, slot: slot, position: window.lowerBound, count: w, k: k, v: v, stride: W)
            Attention.forwardCached(
                q: q, qStride: W, keys: cache.keys(layer: l, slot: slot), values: cache.values(layer: l, slot: slot),
                probs: ws.probs[l].data, out: ws.attn[l].data + b * w * c.queryWidth, queries: w, keys: T, attentionShape,
                panels: ws.attentionPanels)
        }
        projectOut(layer: l, p, rows: 0..<ws.rows)
    }

    /// Stages 1–3 on `rows` of the current batch: h1 = RMSNorm(xs[l]); q, k, v projected
    /// (+ bias); per-head q/k RMSNorm; RoPE on q and k, batch row r at position
    /// firstPosition + r mod seqLen. Returns the packed [batch rows, qkvWidth] matrix. Layer 0 of
    /// a pass that shares token rows projects each distinct token once (every row: a row split
    /// calls the stages itself).
    func projectQKV(
        layer l: Int, _ p: ParameterLayout.Layer, rows: Range<Int>, firstPosition: Int
    ) -> UnsafeMutablePointer<Float> {
        if l == 0 && sharesTokenRows {
            precondition(rows == 0..<ws.rows, "a row split projects the token rows itself")
            projectTokens(p, compact: 0..<ws.tokenRows.tokens.count)
            spreadTokens()
        } else {
            projectRows(layer: l, p, input: ws.xs[l].data + rows.lowerBound * c.dModel, rows: rows)
        }
        rotate(layer: l, rows: rows, firstPosition: firstPosition)
        return ws.qkv[l].data
    }

    /// Stages 1–2 on `rows` of layer l's buffers: h1 = RMSNorm(input); q, k, v projected
    /// (+ bias); per-head q/k RMSNorm. input: [rows, d] (xs[l] at the rows, or h1 itself).
    func projectRows(layer l: Int, _ p: ParameterLayout.Layer, input: UnsafePointer<Float>, rows: Range<Int>) {
        let d = c.dModel, W = c.qkvWidth, n = rows.count, r0 = rows.lowerBound
        let w = params.values.data
        let h1 = ws.h1[l].data + r0 * d, qkv = ws.qkv[l].data + r0 * W
        RMSNorm.forward(x: input, gain: w + p.attnNorm, y: h1, rstd: ws.rstd1[l].data + r0, rows: n, d: d, eps: c.normEps)
        linear(h1, weight: p.qkv, qkv, rows: n, in: d, out: W)
        if let bias = p.qkvBias { for r in 0..<n { addInPlace(qkv + r * W, w + bias, W) } }
        if let qNorm = p.qNorm, let kNorm = p.kNorm {
            let heads = c.nHeads + c.nKVHeads
            HeadNorm.forward(
                qkv: qkv, pre: ws.qkPre[l].data + r0 * heads * c.headDim, rstd: ws.qkRstd[l].data + r0 * heads,
                qGain: w + qNorm, kGain: w + kNorm, rows: n, config: c)
        }
    }

    /// Stage 3 on `rows`: RoPE on the q and k heads of layer l's qkv.
    func rotate(layer l: Int, rows: Range<Int>, firstPosition: Int) {
        // The H query and nKV key heads are adjacent at the start of each row.
        rope.apply(
            ws.qkv[l].data + rows.lowerBound * c.qkvWidth, rows: rows.count, seqLen: ws.seqLen,
            heads: c.nHeads + c.nKVHeads, stride: c.qkvWidth, firstPosition: firstPosition, firstRow: rows.lowerBound)
    }

    /// Stage 5 on `rows`: xMid[l] = xs[l] + attn W_oᵀ.
    func projectOut(layer l: Int, _ p: ParameterLayout.Layer, rows: Range<Int>) {
        let d = c.dModel, r0 = rows.lowerBound, mid = ws.xMid[l].data + r0 * d, x = ws.xs[l].data + r0 * d
        if mid != x { mid.update(from: x, count: rows.count * d) }  // forward-only: one stream, in place
        linear(
            ws.attn[l].data + r0 * c.queryWidth, weight: p.o, mid, rows: rows.count, in: c.queryWidth, out: d,
            accumulate: true)
    }

    /// Given dx = ∂loss/∂xMid[l] on rows 0..<n, adds o_proj's weight gradient into `grads` and
    /// leaves ∂loss/∂attn in `ws.dAttn` (dx, the residual path's share of ∂loss/∂xs[l], stays).
    func outProjectionBackward(layer l: Int, _ p: ParameterLayout.Layer, rows n: Int, grads: UnsafeMutablePointer<Float>) {
        BLAS.linearBackward(
            dy: ws.dx.data, x: ws.attn[l].data, w: params.values.data + p.o, dx: ws.dAttn.data, dw: grads + p.o,
            rows: n, in: c.queryWidth, out: c.dModel)
    }

    /// Given ∂loss/∂attn in `ws.dAttn` and the residual path's ∂loss/∂xs[l] in `ws.dx`, on every
    /// row, adds the branch's other weight gradients into `grads` and leaves ∂loss/∂xs[l] in dx.
    func attentionBranchBackward(layer l: Int, _ p: ParameterLayout.Layer, grads: UnsafeMutablePointer<Float>) {
        let d = c.dModel, W = c.qkvWidth, rows = ws.rows
        let w = params.values.data, dx = ws.dx.data, dh = ws.dh.data, dqkv = ws.dqkv.data
        let qkv = ws.qkv[l].data
        let k = qkv + c.queryWidth, v = k + c.keyValueWidth
        let dk = dqkv + c.queryWidth, dv = dk + c.keyValueWidth
        Attention.backward(
            dOut: ws.dAttn.data, q: qkv, qStride: W, k: k, v: v, kvStride: W, probs: ws.probs[l].data,
            dq: dqkv, dk: dk, dv: dv, scratch: ws.dProbs.data, attentionShape)
        rope.apply(dqkv, rows: rows, seqLen: ws.seqLen, heads: c.nHeads + c.nKVHeads, stride: W, inverse: true)
        if let qNorm = p.qNorm, let kNorm = p.kNorm {
            HeadNorm.backward(
                dqkv: dqkv, pre: ws.qkPre[l].data, rstd: ws.qkRstd[l].data, qGain: w + qNorm, kGain: w + kNorm,
                dqGain: grads + qNorm, dkGain: grads + kNorm, rows: rows, config: c)
        }
        if let bias = p.qkvBias { for r in 0..<rows { addInPlace(grads + bias, dqkv + r * W, W) } }
        BLAS.linearBackward(dy: dqkv, x: ws.h1[l].data, w: w + p.qkv, dx: dh, dw: grads + p.qkv, rows: rows, in: d, out: W)
        RMSNorm.backward(
            dy: dh, x: ws.xs[l].data, gain: w + p.attnNorm, rstd: ws.rstd1[l].data,
            dx: dx, dgain: grads + p.attnNorm, rows: rows, d: d, accumulate: true)
    }

    private var attentionShape: Attention.Shape {
        Attention.Shape(batch: ws.batch, seqLen: ws.seqLen, heads: c.nHeads, kvHeads: c.nKVHeads, headDim: c.headDim)
    }
}
