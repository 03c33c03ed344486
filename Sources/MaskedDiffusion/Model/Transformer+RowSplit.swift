extension Transformer {
    /// Whether `forward` splits one pass's rows among the workers instead of giving each worker
    /// whole sequences: when there are fewer sequences than workers (interactive sampling at
    /// batch 1 would otherwise leave all but one idle) and worker 0's workspace holds the batch.
    func splitsRows(_ batch: TokenBatch) -> Bool {
        threads > 1 && batch.batch < threads && batch.rows >= 2 * threads && batch.rows <= passes[0].ws.maxRows
    }

    /// The forward pass of fewer sequences than workers, in worker 0's workspace: each worker
    /// takes a contiguous block of the B·T rows for the row-wise stages (norms, projections,
    /// RoPE, MLP, head) and a block of the B·H (sequence, head) pairs for attention, which needs
    /// every row's keys and values, so the workers join twice per layer (three times in layer 0 of
    /// a pass that shares token rows: the distinct tokens, then RoPE). Writes logits [B·T, V]
    /// (of the scored rows, when the batch names them and the workspace is on packed weights;
    /// other networks compute every row here).
    func forwardSplittingRows(_ batch: TokenBatch, into logits: Tensor) {
        let pass = passes[0], c = config, rows = batch.rows, workers = threads
        lastShards = 1
        pass.begin(tokens: batch.tokens[...], batch: batch.batch, seqLen: batch.seqLen)
        pass.ws.keyValid = batch.keyValid
        pass.planScoredRows(batch.scored?[...], batch: batch.batch, seqLen: batch.seqLen)
        /// body(block s of 0..<count, worker s's own workspace for its scratch) on every worker s.
        func splitPairs(_ count: Int, _ body: (Range<Int>, Workspace) -> Void) {
            gang.run { s in body(count * s / workers..<count * (s + 1) / workers, passes[s].ws) }
        }
        func split(_ count: Int, _ body: (Range<Int>) -> Void) { splitPairs(count) { block, _ in body(block) } }
        let layers = params.layout.layers, last = c.nLayers - 1
        /// Stage 5 and the MLP of layer l on a block of rows.
        func finish(_ l: Int, _ block: Range<Int>) {
            pass.projectOut(layer: l, layers[l], rows: block)
            pass.mlpForward(layer: l, layers[l], rows: block)
        }
        for (l, p) in layers.enumerated() {
            if l == 0 && pass.sharesTokenRows {
                // Each distinct token's q/k/v once, spread to its rows, then rotated by position.
                split(pass.ws.tokenRows.tokens.count) { pass.projectTokens(p, compact: $0) }
                pass.spreadTokens()
                split(rows) { pass.rotate(layer: 0, rows: $0, firstPosition: 0) }
            } else {
                split(rows) { block in
                    if l > 0 { finish(l - 1, block) }
                    _ = pass.projectQKV(layer: l, p, rows: block, firstPosition: 0)
                }
            }
            if l == last && pass.ws.lastLayer == .keptBeforeAttention { pass.compactKeptRows(layer: l) }
            splitPairs(batch.batch * c.nHeads) { pass.attend(layer: l, pairs: $0, scratch: $1) }
        }
        // The last layer's rows: all of them, or the kept ones compacted to the front.
        let final = pass.ws.keepsRows ? pass.ws.keptRows.count : rows
        split(final) { block in
            if last >= 0 { finish(last, block) }
            pass.finalNorm(rows: block)
            if !c.shiftedPrediction || pass.ws.keepsRows { pass.head(rows: block) }
        }
        if c.shiftedPrediction && !pass.ws.keepsRows {
            // Position i is scored from the hidden state of i − 1: a step across the blocks.
            PredictionShift.forward(pass.ws.hFinal.data, batch: batch.batch, seqLen: batch.seqLen, width: c.dModel)
            split(rows) { pass.head(rows: $0) }
        }
        pass.copyLogits(into: logits.data)
    }
}
