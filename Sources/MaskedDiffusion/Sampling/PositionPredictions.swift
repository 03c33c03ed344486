/// What the denoiser predicts at every masked position of one sequence: the data behind a
/// viewer's "top candidates at the cursor" for positions still masked at some step.
///
/// RADD's point is that these are the clean-data conditionals p(x_i | x_unmasked), with no time
/// input, so one forward of the state at a step gives them exactly.
extension LogitsSource {
    /// tokens: [seqLen] (one row, the state at some step) → [seqLen] lists of the `k` most likely
    /// tokens with probabilities; empty for positions that are not `maskId`. Needs `maxRows ≥ seqLen`.
    public func predictions(tokens: [Int32], maskId: Int32, k: Int) -> [[Candidate]] {
        let T = tokens.count, V = vocabSize
        precondition(T <= maxRows, "predictions: \(T) positions exceed the network's \(maxRows) rows")
        let logits = Tensor(shape: [T, V])
        forward(TokenBatch(tokens: tokens, batch: 1, seqLen: T, scored: tokens.map { $0 == maskId }), logits)
        return (0..<T).map { i in
            guard tokens[i] == maskId else { return [] }
            let z = UnsafePointer(logits.data + i * V)
            return TokenChoice.candidates(z, V, k: k, lse: Softmax.logSumExp(z, n: V))
        }
    }
}

extension Transformer {
    /// `LogitsSource.predictions` of this network.
    public func predictions(tokens: [Int32], maskId: Int32, k: Int) -> [[Candidate]] {
        LogitsSource(self).predictions(tokens: tokens, maskId: maskId, k: k)
    }
}
