/// One forward and backward pass of the transformer over one shard of a batch, on one thread.
///
/// llm.c style: explicit functions, every activation backward needs kept in the `Workspace`.
/// Shapes: rows = B·T, d = model width, f = SwiGLU width, V = real-token vocabulary.
struct TransformerPass {
    let params: ModelParameters
    let rope: RoPE
    let ws: Workspace

    private var c: ModelConfig { params.config }

    /// Runs the network on `tokens` ([B, T]) and leaves logits ([rows, V]) in `ws.logits`. With a
    /// cache, also stores every position's keys and values in `cache` at `slots` ([B]).
    func forward(
        tokens: ArraySlice<Int32>, keyValid: ArraySlice<Bool>?, batch: Int, seqLen: Int,
        cache: KVCache? = nil, slots: ArraySlice<Int> = []
    ) {
        let d = c.dModel, H = c.nHeads, hd = c.headDim
        let rows = begin(tokens: tokens, batch: batch, seqLen: seqLen)
        ws.keyValid = keyValid.map(Array.init)
        for (l, p) in params.layout.layers.enumerated() {
            let qkv = projectQKV(l, p, rows: rows, seqLen: seqLen, firstPosition: 0)
            if let cache {
                for (b, slot) in slots.enumerated() {
                    cache.store(layer: l, slot: slot, position: 0, count: seqLen, qkv: qkv + b * seqLen * 3 * d)
                }
            }
            withOptionalPointer(ws.keyValid) { valid in
                Attention.forward(
                    qkv: qkv, probs: ws.probs[l].data, out: ws.attn[l].data, keyValid: valid,
                    batch: batch, seqLen: seqLen, heads: H, headDim: hd)
            }
            finishLayer(l, p, rows: rows)
        }
        outputHead(rows: rows)
    }

    /// Runs the network on the positions `window` of each sequence of `tokens` ([B, T]) only: they
    /// attend to every position, the others' keys and values read from `cache` at `slots` ([B]),
    /// and their own fresh keys and values replace the cached ones (Fast-dLLM's approximate
    /// cache). Leaves the window's logits ([B·w, V]) in `ws.logits`.
    func forwardWindow(
        tokens: ArraySlice<Int32>, batch: Int, seqLen T: Int, window: Range<Int>, cache: KVCache, slots: ArraySlice<Int>
    ) {
        let d = c.dModel, H = c.nHeads, hd = c.headDim, w = window.count
        precondition(cache.seqLen == T && slots.count == batch, "the cache holds other sequences")
        let rows = begin(tokens: tokens, batch: batch, seqLen: w, window: window.lowerBound, of: T)
        ws.keyValid = nil
        for (l, p) in params.layout.layers.enumerated() {
            let qkv = projectQKV(l, p, rows: rows, seqLen: w, firstPosition: window.lowerBound)
            for (b, slot) in slots.enumerated() {
                let q = qkv + b * w * 3 * d
                cache.store(layer: l, slot: slot, position: window.lowerBound, count: w, qkv: q)
                Attention.forwardCached(
                    qkv: q, keys: cache.keys(layer: l, slot: slot), values: cache.values(layer: l, slot: slot),
                    probs: ws.probs[l].data, out: ws.attn[l].data + b * w * d, queries: w, keys: T, heads: H, headDim: hd)
            }
            finishLayer(l, p, rows: rows)
        }
        outputHead(rows: rows)
    }

    /// Records the input — positions first..<first + seqLen of each of the batch's sequences of
    /// `full` tokens (all of them by default) — and writes the embedding rows: xs[0][r] = E[token r].
    /// Returns B·seqLen.
    private func begin(tokens: ArraySlice<Int32>, batch: Int, seqLen: Int, window first: Int = 0, of full: Int? = nil) -> Int {
        let d = c.dModel, rows = batch * seqLen, T = full ?? seqLen
        precondition(rows <= ws.maxRows && seqLen <= ws.maxSeqLen, "batch exceeds the workspace")
        ws.tokens.removeAll(keepingCapacity: true)
        for b in 0..<batch {
            let lo = tokens.startIndex + b * T + first
            ws.tokens.append(contentsOf: tokens[lo..<lo + seqLen])
        }
        ws.batch = batch
        ws.seqLen = seqLen
        let w = params.values.data, x0 = ws.xs[0].data
        for r in 0..<rows {
            let t = Int(ws.tokens[r])
            precondition(t >= 0 && t <= c.vocabSize, "token \(t) outside 0...\(c.vocabSize)")
            (x0 + r * d).update(from: w + params.layout.embedding + t * d, count: d)
        }
        return rows
    }

    /// Attention's input of layer l: h1 = RMSNorm(xs[l]), qkv = h1 W_qkvᵀ with RoPE on q and k
    /// (row r at position firstPosition + r mod seqLen). Returns qkv: [rows, 3d].
    private func projectQKV(
        _ l: Int, _ p: ParameterLayout.Layer, rows: Int, seqLen: Int, firstPosition: Int
    ) -> UnsafeMutablePointer<Float> {
        let d = c.dModel, w = params.values.data
        let h1 = ws.h1[l].data, qkv = ws.qkv[l].data
        RMSNorm.forward(x: ws.xs[l].data, gain: w + p.attnNorm, y: h1, rstd: ws.rstd1[l].data, rows: rows, d: d, eps: c.normEps)
        BLAS.linear(h1, w + p.qkv, qkv, rows: rows, in: d, out: 3 * d)
        rope.apply(qkv, rows: rows, seqLen: seqLen, heads: 2 * c.nHeads, stride: 3 * d, firstPosition: firstPosition)
        return qkv
    }

    /// The rest of layer l after attention: xMid = xs[l] + attn W_oᵀ, then the SwiGLU MLP:
    /// xs[l+1] = xMid + (silu(gate)·up) W_downᵀ.
    private func finishLayer(_ l: Int, _ p: ParameterLayout.Layer, rows: Int) {
        let d = c.dModel, f = c.ffHidden, w = params.values.data
        let mid = ws.xMid[l].data, h2 = ws.h2[l].data, gu = ws.gateUp[l].data, m = ws.mlp[l].data
        let next = ws.xs[l + 1].data
        mid.update(from: ws.xs[l].data, count: rows * d)
        BLAS.linear(ws.attn[l].data, w + p.o, mid, rows: rows, in: d, out: d, accumulate: true)
        RMSNorm.forward(x: mid, gain: w + p.mlpNorm, y: h2, rstd: ws.rstd2[l].data, rows: rows, d: d, eps: c.normEps)
        BLAS.linear(h2, w + p.gateUp, gu, rows: rows, in: d, out: 2 * f)
        SwiGLU.forward(gateUp: gu, m: m, rows: rows, f: f)
        next.update(from: mid, count: rows * d)
        BLAS.linear(m, w + p.down, next, rows: rows, in: f, out: d, accumulate: true)
    }

    /// Final norm and head: logits = RMSNorm(xs[L]) W_headᵀ, [rows, V].
    private func outputHead(rows: Int) {
        let w = params.values.data, lay = params.layout
        RMSNorm.forward(
            x: ws.xs[c.nLayers].data, gain: w + lay.finalNorm, y: ws.hFinal.data,
            rstd: ws.rstdFinal.data, rows: rows, d: c.dModel, eps: c.normEps)
        BLAS.linear(ws.hFinal.data, w + lay.head, ws.logits.data, rows: rows, in: c.dModel, out: c.vocabSize)
    }

    /// After `forward`, computes Σ_r weight[r]·CE(logits[r], target[r]) and *adds* its gradient
    /// with respect to every parameter into `grads` ([layout.totalCount]). One function serves
    /// every objective: the weights carry 1/t, response-only masks, ratios and normalisation.
    func backward(targets: ArraySlice<Int32>, weights: ArraySlice<Float>, grads: UnsafeMutablePointer<Float>) -> Double {
        let d = c.dModel, f = c.ffHidden, H = c.nHeads, hd = c.headDim, V = c.vocabSize
        let rows = ws.rows, batch = ws.batch, seqLen = ws.seqLen
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

            // Attention: xMid = xs[l] + attn W_oᵀ
            BLAS.linearBackward(
                dy: dx, x: ws.attn[l].data, w: w + p.o, dx: ws.dAttn.data, dw: grads + p.o,
                rows: rows, in: d, out: d)
            Attention.backward(
                dOut: ws.dAttn.data, qkv: ws.qkv[l].data, probs: ws.probs[l].data, dqkv: ws.dqkv.data,
                scratch: ws.dProbs.data, batch: batch, seqLen: seqLen, heads: H, headDim: hd)
            rope.apply(ws.dqkv.data, rows: rows, seqLen: seqLen, heads: 2 * H, stride: 3 * d, inverse: true)
            BLAS.linearBackward(
                dy: ws.dqkv.data, x: ws.h1[l].data, w: w + p.qkv, dx: dh, dw: grads + p.qkv,
                rows: rows, in: d, out: 3 * d)
            RMSNorm.backward(
                dy: dh, x: ws.xs[l].data, gain: w + p.attnNorm, rstd: ws.rstd1[l].data,
                dx: dx, dgain: grads + p.attnNorm, rows: rows, d: d, accumulate: true)
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
