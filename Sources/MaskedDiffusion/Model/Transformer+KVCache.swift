extension Transformer {
    /// Logits of a batch with a key/value cache: `.fill` computes every position and stores its
    /// keys and values at `slots` ([B], one cache slot per sequence); `.window(w)` computes only
    /// positions w of each sequence against the cached rest. Writes the computed positions' logits
    /// into `logits` in the full [B, T, V] layout and leaves the other positions' rows untouched.
    public func forward(_ batch: TokenBatch, into logits: Tensor, cache: KVCache, slots: [Int], use: KVCacheUse) {
        precondition(logits.count >= batch.rows * config.vocabSize, "logits tensor too small")
        precondition(slots.count == batch.batch && batch.keyValid == nil, "one slot per sequence, no padding")
        precondition(cache.seqLen == batch.seqLen && cache.width == config.keyValueWidth, "the cache was made for another shape")
        let V = config.vocabSize, T = batch.seqLen
        defer { releasePackedWeights() }
        runShards(batch) { _, pass, seqs in
            let lo = seqs.lowerBound * T, tokens = batch.tokens[lo..<lo + seqs.count * T]
            switch use {
            case .fill:
                pass.forward(
                    tokens: tokens, keyValid: nil, batch: seqs.count, seqLen: T, cache: cache, slots: slots[seqs])
                (logits.data + lo * V).update(from: pass.ws.logits.data, count: seqs.count * T * V)
            case .window(let window):
                precondition(!window.isEmpty && window.upperBound <= T, "window \(window) outside 0..<\(T)")
                // A shifted-prediction model (Dream) scores position i from the hidden state of
                // i − 1, so the window is computed from one position earlier.
                let shift = config.shiftedPrediction && window.lowerBound > 0 ? 1 : 0
                let computed = (window.lowerBound - shift)..<window.upperBound
                pass.forwardWindow(
                    tokens: tokens, batch: seqs.count, seqLen: T, window: computed, cache: cache, slots: slots[seqs])
                let w = window.count, wc = computed.count
                for b in 0..<seqs.count {
                    (logits.data + (lo + b * T + window.lowerBound) * V)
                        .update(from: pass.ws.logits.data + (b * wc + shift) * V, count: w * V)
                }
            }
        }
    }
}
