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

    /// Runs the network on `tokens` ([B, T]) and leaves logits ([rows, V]) in `ws.logits`, or,
    /// given `scored` ([B·T]), the scored rows' logits compacted (`copyLogits` puts them in place):
    /// a workspace on packed weights skips the last layer's unread queries too
    /// (`TransformerPass+ScoredRows.swift`), one that computes as training does only the top of
    /// the last layer, after its attention (`TransformerPass+WeightedRows.swift`), so that the two
    /// kinds agree bit for bit. Given the loss weights `backward` will take ([B·T]) instead, the
    /// rows of nonzero weight are the scored ones. With a cache, also stores every position's keys
    /// and values in `cache` at `slots` ([B]), and scores every row.
    func forward(
        tokens: ArraySlice<Int32>, keyValid: ArraySlice<Bool>?, batch: Int, seqLen: Int,
        scored: ArraySlice<Bool>? = nil, lossWeights: ArraySlice<Float>? = nil, cache: KVCache? = nil,
        slots: ArraySlice<Int> = []
    ) {
        begin(tokens: tokens, batch: batch, seqLen: seqLen)
        ws.keyValid = keyValid.map(Array.init)
        if let lossWeights {
            // The kept-rows path stores no keys or values: training never passes a cache.
            precondition(cache == nil && !ws.forwardOnly, "loss weights for a pass that has no backward")
            planRowsAfterAttention(lossWeights.lazy.map { $0 != 0 })
        } else if cache == nil, ws.packsWeights {
            planScoredRows(scored, batch: batch, seqLen: seqLen)
        } else if cache == nil, let scored {
            planRowsAfterAttention(scored)
        }
        let layers = params.layout.layers
        let whole = ws.keepsRows ? layers.count - 1 : layers.count
        for (l, p) in layers.prefix(whole).enumerated() {
            attentionForward(layer: l, p, cache: cache, slots: slots)
            mlpForward(layer: l, p, rows: 0..<ws.rows)
        }
        switch ws.lastLayer {
        case .all: outputHead()
        case .keptBeforeAttention: lastLayerOnKeptRows(layers[whole])
        case .keptAfterAttention: lastLayerOnRowsAfterAttention(layers[whole])
        }
    }

    /// Runs the network on the positions `window` of each sequence of `tokens` ([B, T]) only: they
    /// attend to every position, the others' keys and values read from `cache` at `slots` ([B]),
    /// and their own fresh keys and values replace the cached ones (Fast-dLLM's approximate
    /// cache). Leaves the window's logits ([B·w, V]) in `ws.logits`.
    func forwardWindow(
        tokens: ArraySlice<Int32>, batch: Int, seqLen T: Int, window: Range<Int>, cache: KVCache, slots: ArraySlice<Int>
    ) {
        precondition(cache.seqLen == T && slots.count == batch, "the cache holds other sequences")
        begin(tokens: tokens, batch: batch, seqLen: window.count, window: window.lowerBound, of: T)
        ws.keyValid = nil
        for (l, p) in params.layout.layers.enumerated() {
            attentionForwardWindow(layer: l, p, window: window, seqLen: T, cache: cache, slots: slots)
            mlpForward(layer: l, p, rows: 0..<ws.rows)
        }
        outputHead()
    }

    /// Records the input — positions first..<first + seqLen of each of the batch's sequences of
    /// `full` tokens (all of them by default) — and writes the embedding rows: xs[0][r] = E[token r].
    func begin(tokens: ArraySlice<Int32>, batch: Int, seqLen: Int, window first: Int = 0, of full: Int? = nil) {
        let d = c.dModel, rows = batch * seqLen, T = full ?? seqLen
        precondition(rows <= ws.maxRows && seqLen <= ws.maxSeqLen, "batch exceeds the workspace")
        ws.tokens.removeAll(keepingCapacity: true)
        for b in 0..<batch {
            let lo = tokens.startIndex + b * T + first
            ws.tokens.append(contentsOf: tokens[lo..<lo + seqLen])
        }
        ws.batch = batch
        ws.seqLen = seqLen
        ws.lastLayer = .all
        ws.packed = nil  // before a new copy is made, not after
        ws.packed = ws.packsWeights ? params.packedWeights() : nil
        let w = params.values.data, x0 = ws.xs[0].data
        for r in 0..<rows {
            let t = Int(ws.tokens[r])
            precondition(t >= 0 && t <= c.vocabSize, "token \(t) outside 0...\(c.vocabSize)")
            (x0 + r * d).update(from: w + params.layout.embedding + t * d, count: d)
        }
        if sharesTokenRows { ws.tokenRows.plan(ws.tokens) }  // after the check: it indexes by token
    }

    /// The SwiGLU MLP of layer l on `rows`: xs[l+1] = xMid + (silu(gate)·up) W_downᵀ.
    func mlpForward(layer l: Int, _ p: ParameterLayout.Layer, rows: Range<Int>) {
        let d = c.dModel, f = c.ffHidden, n = rows.count, r0 = rows.lowerBound, w = params.values.data
        let mid = ws.xMid[l].data + r0 * d, h2 = ws.h2[l].data + r0 * d
        let gu = ws.gateUp[l].data + r0 * 2 * f, m = ws.mlp[l].data + r0 * f
        let next = ws.xs[l + 1].data + r0 * d
        RMSNorm.forward(x: mid, gain: w + p.mlpNorm, y: h2, rstd: ws.rstd2[l].data + r0, rows: n, d: d, eps: c.normEps)
        if ws.fusesSwiGLU {
            // Such a workspace has no room for gu: the packed copy is there (the pass packs weights
            // on a CPU where the kernel runs).
            guard let packed = ws.packed else { preconditionFailure("a fused-SwiGLU pass without packed weights") }
            packed.swiglu(h2, weight: p.gateUp, m, rows: n, in: d, hidden: f)
        } else {
            linear(h2, weight: p.gateUp, gu, rows: n, in: d, out: 2 * f)
            SwiGLU.forward(gateUp: gu, m: m, rows: n, f: f)
        }
        if next != mid { next.update(from: mid, count: n * d) }  // forward-only: one stream, in place
        linear(m, weight: p.down, next, rows: n, in: f, out: d, accumulate: true)
    }

    /// Final norm, Dream's shift where the model has it, and the head: logits [rows, V].
    private func outputHead() {
        let all = 0..<ws.rows
        finalNorm(rows: all)
        if c.shiftedPrediction { PredictionShift.forward(ws.hFinal.data, batch: ws.batch, seqLen: ws.seqLen, width: c.dModel) }
        head(rows: all)
    }

    /// hFinal = RMSNorm(xs[L]) on `rows`.
    func finalNorm(rows: Range<Int>) {
        let d = c.dModel, r0 = rows.lowerBound
        RMSNorm.forward(
            x: ws.xs[c.nLayers].data + r0 * d, gain: params.values.data + params.layout.finalNorm,
            y: ws.hFinal.data + r0 * d, rstd: ws.rstdFinal.data + r0, rows: rows.count, d: d, eps: c.normEps)
    }

    /// logits = hFinal W_headᵀ on `rows` ([rows, V]).
    func head(rows: Range<Int>) {
        let d = c.dModel, V = c.vocabSize, r0 = rows.lowerBound
        linear(ws.hFinal.data + r0 * d, weight: params.layout.head, ws.logits.data + r0 * V, rows: rows.count, in: d, out: V)
    }

    /// y (+)= x · Wᵀ for the weight at parameter offset `weight` ([out, in]): over the packed
    /// copy in inference where there is one, else OpenBLAS on the parameters.
    /// x: [rows, in], y: [rows, out].
    func linear(
        _ x: UnsafePointer<Float>, weight: Int, _ y: UnsafeMutablePointer<Float>, rows: Int, in inFeatures: Int,
        out outFeatures: Int, accumulate: Bool = false
    ) {
        if let packed = ws.packed {
            packed.linear(x, weight: weight, y, rows: rows, in: inFeatures, out: outFeatures, accumulate: accumulate)
        } else {
            BLAS.linear(
                x, params.values.data + weight, y, rows: rows, in: inFeatures, out: outFeatures, accumulate: accumulate)
        }
    }

    /// After `forward`, computes Σ_r weight[r]·CE(logits[r], target[r]) and *adds* its gradient
    /// with respect to every parameter into `grads` ([layout.totalCount]). One function serves
    /// every objective: the weights carry 1/t, response-only masks, ratios and normalisation.
    /// With tied embeddings the head's gradient and the embedding's land in the same rows. After
    /// a forward that kept rows, `weights` must be the ones it was given.
    func backward(targets: ArraySlice<Int32>, weights: ArraySlice<Float>, grads: UnsafeMutablePointer<Float>) -> Double {
        let d = c.dModel, V = c.vocabSize, rows = ws.rows
        precondition(targets.count == rows && weights.count == rows, "targets/weights must have one entry per token")
        let w = params.values.data, lay = params.layout
        let dx = ws.dx.data, dh = ws.dh.data
        // Rows of the last layer above its attention, the final norm and the head.
        let top = ws.keepsRows ? ws.keptRows.count : rows

        let loss = weightedCrossEntropy(targets: targets, weights: weights)
        BLAS.linearBackward(
            dy: ws.logits.data, x: ws.hFinal.data, w: w + lay.head, dx: dh, dw: grads + lay.head,
            rows: top, in: d, out: V)
        if c.shiftedPrediction { PredictionShift.backward(dh, batch: ws.batch, seqLen: ws.seqLen, width: d) }
        RMSNorm.backward(
            dy: dh, x: ws.xs[c.nLayers].data, gain: w + lay.finalNorm, rstd: ws.rstdFinal.data,
            dx: dx, dgain: grads + lay.finalNorm, rows: top, d: d, accumulate: false)

        for (l, p) in lay.layers.enumerated().reversed() {
            let n = l == c.nLayers - 1 ? top : rows
            mlpBackward(layer: l, p, rows: n, grads: grads)
            outProjectionBackward(layer: l, p, rows: n, grads: grads)
            if n < rows { spreadKeptRows() }
            attentionBranchBackward(layer: l, p, grads: grads)
        }

        // Embedding rows receive the gradient of every position that used them.
        let dE = grads + lay.embedding
        for r in 0..<rows { addInPlace(dE + Int(ws.tokens[r]) * d, dx + r * d, d) }
        return loss
    }

    /// Given dx = ∂loss/∂xs[l+1] on rows 0..<n, adds the MLP's weight gradients into `grads` and
    /// leaves ∂loss/∂xMid[l] in dx: xs[l+1] = xMid + (silu(gate)·up) W_downᵀ.
    private func mlpBackward(layer l: Int, _ p: ParameterLayout.Layer, rows n: Int, grads: UnsafeMutablePointer<Float>) {
        let d = c.dModel, f = c.ffHidden, w = params.values.data, dx = ws.dx.data, dh = ws.dh.data
        BLAS.linearBackward(
            dy: dx, x: ws.mlp[l].data, w: w + p.down, dx: ws.dMlp.data, dw: grads + p.down, rows: n, in: f, out: d)
        SwiGLU.backward(dm: ws.dMlp.data, gateUp: ws.gateUp[l].data, dGateUp: ws.dGateUp.data, rows: n, f: f)
        BLAS.linearBackward(
            dy: ws.dGateUp.data, x: ws.h2[l].data, w: w + p.gateUp, dx: dh, dw: grads + p.gateUp, rows: n, in: d,
            out: 2 * f)
        RMSNorm.backward(
            dy: dh, x: ws.xMid[l].data, gain: w + p.mlpNorm, rstd: ws.rstd2[l].data,
            dx: dx, dgain: grads + p.mlpNorm, rows: n, d: d, accumulate: true)
    }
}

/// Calls `body` with a pointer to the array's elements, or nil when there is no array.
@inline(__always)
func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
