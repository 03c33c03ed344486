/// Qwen3's q/k normalisation: every query head and every key head of a row is RMS-normalised
/// over its hd values, with one gain per role ([hd] for q, [hd] for k) shared by all heads.
enum HeadNorm {
    /// In place on the q and k blocks of qkv ([rows, W]); pre ([rows, (H + nKV)·hd]) and
    /// rstd ([rows, H + nKV]) keep what backward needs.
    static func forward(
        qkv: UnsafeMutablePointer<Float>, pre: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
        qGain: UnsafePointer<Float>, kGain: UnsafePointer<Float>, rows: Int, config c: ModelConfig
    ) {
        let hd = c.headDim, heads = c.nHeads + c.nKVHeads, width = heads * hd
        for r in 0..<rows {
            let x = pre + r * width, y = qkv + r * c.qkvWidth, s = rstd + r * heads
            x.update(from: y, count: width)
            RMSNorm.forward(x: x, gain: qGain, y: y, rstd: s, rows: c.nHeads, d: hd, eps: c.normEps)
            RMSNorm.forward(
                x: x + c.queryWidth, gain: kGain, y: y + c.queryWidth, rstd: s + c.nHeads, rows: c.nKVHeads, d: hd,
                eps: c.normEps)
        }
    }

    /// dqkv's q and k blocks hold ∂loss/∂(normed q, k); replaced in place by ∂loss/∂(q, k) before
    /// the norm, with the gains' gradients added to dqGain and dkGain ([hd] each).
    static func backward(
        dqkv: UnsafeMutablePointer<Float>, pre: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
        qGain: UnsafePointer<Float>, kGain: UnsafePointer<Float>, dqGain: UnsafeMutablePointer<Float>,
        dkGain: UnsafeMutablePointer<Float>, rows: Int, config c: ModelConfig
    ) {
        let hd = c.headDim, heads = c.nHeads + c.nKVHeads, width = heads * hd
        for r in 0..<rows {
            let x = pre + r * width, dy = dqkv + r * c.qkvWidth, s = rstd + r * heads
            // RMSNorm.backward reads each element of dy before writing the same element of dx.
            RMSNorm.backward(
                dy: dy, x: x, gain: qGain, rstd: s, dx: dy, dgain: dqGain, rows: c.nHeads, d: hd, accumulate: false)
            RMSNorm.backward(
                dy: dy + c.queryWidth, x: x + c.queryWidth, gain: kGain, rstd: s + c.nHeads, dx: dy + c.queryWidth,
                dgain: dkGain, rows: c.nKVHeads, d: hd, accumulate: false)
        }
    }
}
