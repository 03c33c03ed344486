/// One forward and backward pass of the transformer over one shard of a batch, on one thread.
///
/// llm.c style: explicit functions, every activation backward needs kept in the `Workspace`.
/// Shapes: rows = B·T, d = model width, f = SwiGLU width, V = real-token vocabulary. The
/// attention stages are in `TransformerPass+Attention.swift`.
struct TransformerPass {
    let params: ModelParameters
    let rope: RoPE
    let ws: Workspace

    var c: ModelConfig { params.config }

    /// Runs the network on `tokens` ([B, T]) and leaves logits ([rows, V]) in `ws.logits`.
    func forward(tokens: ArraySlice<Int32>, keyValid: ArraySlice<Bool>?, batch: Int, seqLen: Int) {
        let d = c.dModel, f = c.ffHidden
        let rows = batch * seqLen
        precondition(rows <= ws.maxRows && seqLen <= ws.maxSeqLen, "batch exceeds the workspace")
        ws.tokens.removeAll(keepingCapacity: true)
        ws.tokens.append(contentsOf: tokens)
        ws.keyValid = keyValid.map(Array.init)
        ws.batch = batch
        ws.seqLen = seqLen
        let w = params.values.data, lay = params.layout

        // Embedding: xs[0][r] = E[token r]
        let x0 = ws.xs[0].data
        for r in 0..<rows {
            let t = Int(ws.tokens[r])
            precondition(t >= 0 && t <= c.vocabSize, "token \(t) outside 0...\(c.vocabSize)")
            (x0 + r * d).update(from: w + lay.embedding + t * d, count: d)
        }

        for (l, p) in lay.layers.enumerated() {
            attentionForward(layer: l, p)
            let mid = ws.xMid[l].data, h2 = ws.h2[l].data, gu = ws.gateUp[l].data, m = ws.mlp[l].data
            let next = ws.xs[l + 1].data
            RMSNorm.forward(x: mid, gain: w + p.mlpNorm, y: h2, rstd: ws.rstd2[l].data, rows: rows, d: d, eps: c.normEps)
            BLAS.linear(h2, w + p.gateUp, gu, rows: rows, in: d, out: 2 * f)
            SwiGLU.forward(gateUp: gu, m: m, rows: rows, f: f)
            next.update(from: mid, count: rows * d)
            BLAS.linear(m, w + p.down, next, rows: rows, in: f, out: d, accumulate: true)
        }

        RMSNorm.forward(
            x: ws.xs[c.nLayers].data, gain: w + lay.finalNorm, y: ws.hFinal.data,
            rstd: ws.rstdFinal.data, rows: rows, d: d, eps: c.normEps)
        if c.shiftedPrediction { PredictionShift.forward(ws.hFinal.data, batch: batch, seqLen: seqLen, width: d) }
        BLAS.linear(ws.hFinal.data, w + lay.head, ws.logits.data, rows: rows, in: d, out: c.vocabSize)
    }

    /// After `forward`, computes Σ_r weight[r]·CE(logits[r], target[r]) and *adds* its gradient
    /// with respect to every parameter into `grads` ([layout.totalCount]). One function serves
    /// every objective: the weights carry 1/t, response-only masks, ratios and normalisation.
    /// With tied embeddings the head's gradient and the embedding's land in the same rows.
    func backward(targets: ArraySlice<Int32>, weights: ArraySlice<Float>, grads: UnsafeMutablePointer<Float>) -> Double {
        let d = c.dModel, f = c.ffHidden, V = c.vocabSize
        let rows = ws.rows
        precondition(targets.count == rows && weights.count == rows, "targets/weights must have one entry per token")
        let w = params.values.data, lay = params.layout
        let dx = ws.dx.data, dh = ws.dh.data

        let loss = targets.withUnsafeBufferPointer { tb in
            weights.withUnsafeBufferPointer { wb in
                CrossEntropy.weighted(
                    logits: ws.logits.data, targets: tb.baseAddress!, weights: wb.baseAddress!,
                    dlogits: ws.logits.data, rows: rows, n: V)
            }
        }
        let dlogits = ws.logits.data
        BLAS.linearBackward(
            dy: dlogits, x: ws.hFinal.data, w: w + lay.head, dx: dh, dw: grads + lay.head,
            rows: rows, in: d, out: V)
        if c.shiftedPrediction { PredictionShift.backward(dh, batch: ws.batch, seqLen: ws.seqLen, width: d) }
        RMSNorm.backward(
            dy: dh, x: ws.xs[c.nLayers].data, gain: w + lay.finalNorm, rstd: ws.rstdFinal.data,
            dx: dx, dgain: grads + lay.finalNorm, rows: rows, d: d, accumulate: false)

        for (l, p) in lay.layers.enumerated().reversed() {
            // MLP: xs[l+1] = xMid + (silu(gate)·up) W_downᵀ
            BLAS.linearBackward(
                dy: dx, x: ws.mlp[l].data, w: w + p.down, dx: ws.dMlp.data, dw: grads + p.down,
                rows: rows, in: f, out: d)
            SwiGLU.backward(dm: ws.dMlp.data, gateUp: ws.gateUp[l].data, dGateUp: ws.dGateUp.data, rows: rows, f: f)
            BLAS.linearBackward(
                dy: ws.dGateUp.data, x: ws.h2[l].data, w: w + p.gateUp, dx: dh, dw: grads + p.gateUp,
                rows: rows, in: d, out: 2 * f)
            RMSNorm.backward(
                dy: dh, x: ws.xMid[l].data, gain: w + p.mlpNorm, rstd: ws.rstd2[l].data,
                dx: dx, dgain: grads + p.mlpNorm, rows: rows, d: d, accumulate: true)
            attentionBackward(layer: l, p, grads: grads)
        }

        // Embedding rows receive the gradient of every position that used them.
        let dE = grads + lay.embedding
        for r in 0..<rows { addInPlace(dE + Int(ws.tokens[r]) * d, dx + r * d, d) }
        return loss
    }
}

/// Calls `body` with a pointer to the array's elements, or nil when there is no array.
@inline(__always)
func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
