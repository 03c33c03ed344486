/// The attention half of a block, as separate stages so each can be swapped or cached:
/// project q, k, v (+ bias) → per-head q/k RMSNorm (Qwen3) → RoPE on q and k → attend → o_proj.
///
/// The projection writes one packed row per token, [q | k | v] of widths H·hd, nKV·hd, nKV·hd
/// (`ModelConfig.qkvWidth`); after the RoPE stage the k and v blocks of that row are exactly
/// what a key/value cache would keep for the position.
extension TransformerPass {
    /// xs[l] → xMid[l] = xs[l] + attention(RMSNorm(xs[l])) W_oᵀ. Rows = B·T of the current batch.
    func attentionForward(layer l: Int, _ p: ParameterLayout.Layer) {
        let d = c.dModel, W = c.qkvWidth, rows = ws.rows
        let w = params.values.data
        let x = ws.xs[l].data, h1 = ws.h1[l].data, qkv = ws.qkv[l].data, attn = ws.attn[l].data
        RMSNorm.forward(x: x, gain: w + p.attnNorm, y: h1, rstd: ws.rstd1[l].data, rows: rows, d: d, eps: c.normEps)

        // Stage 1: project q, k, v.
        BLAS.linear(h1, w + p.qkv, qkv, rows: rows, in: d, out: W)
        if let bias = p.qkvBias { for r in 0..<rows { addInPlace(qkv + r * W, w + bias, W) } }
        // Stage 2: per-head RMSNorm of q and k.
        if let qNorm = p.qNorm, let kNorm = p.kNorm {
            HeadNorm.forward(
                qkv: qkv, pre: ws.qkPre[l].data, rstd: ws.qkRstd[l].data, qGain: w + qNorm, kGain: w + kNorm,
                rows: rows, config: c)
        }
        // Stage 3: rotate the H query and nKV key heads, adjacent at the start of each row.
        rope.apply(qkv, rows: rows, seqLen: ws.seqLen, heads: c.nHeads + c.nKVHeads, stride: W)
        // Stage 4: attend.
        let k = qkv + c.queryWidth, v = k + c.keyValueWidth
        withOptionalPointer(ws.keyValid) { valid in
            Attention.forward(
                q: qkv, qStride: W, k: k, v: v, kvStride: W, probs: ws.probs[l].data, out: attn, keyValid: valid,
                attentionShape)
        }
        // Stage 5: output projection onto the residual stream.
        ws.xMid[l].data.update(from: x, count: rows * d)
        BLAS.linear(attn, w + p.o, ws.xMid[l].data, rows: rows, in: c.queryWidth, out: d, accumulate: true)
    }

    /// Given dx = ∂loss/∂xMid[l] in `ws.dx`, adds the attention branch's weight gradients into
    /// `grads` and leaves ∂loss/∂xs[l] in `ws.dx` (the residual path plus the branch).
    func attentionBackward(layer l: Int, _ p: ParameterLayout.Layer, grads: UnsafeMutablePointer<Float>) {
        let d = c.dModel, W = c.qkvWidth, rows = ws.rows
        let w = params.values.data, dx = ws.dx.data, dh = ws.dh.data, dqkv = ws.dqkv.data
        let qkv = ws.qkv[l].data
        BLAS.linearBackward(
            dy: dx, x: ws.attn[l].data, w: w + p.o, dx: ws.dAttn.data, dw: grads + p.o,
            rows: rows, in: c.queryWidth, out: d)
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
