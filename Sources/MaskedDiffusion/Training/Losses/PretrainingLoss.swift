/// LLaDA pre-training (docs/methods.md §1.2): per sequence t ~ U(0,1), p = (1−ε)t + ε, every token
/// masked independently with probability p, loss = Σ_masked CE / p, divided by B·N.
public enum PretrainingLoss {
    /// Masks `clean` ([batch, seqLen]) with fresh randomness from `rng`.
    public static func mask(
        _ clean: [Int32], batch: Int, seqLen: Int, maskId: Int32, eps: Float = 1e-3,
        rng: inout RNG
    ) -> MaskedBatch {
        precondition(clean.count == batch * seqLen)
        var tokens = clean
        var weights = [Float](repeating: 0, count: clean.count)
        let norm = 1 / Float(batch * seqLen)
        for b in 0..<batch {
            let p = (1 - eps) * rng.uniformFloat() + eps
            for i in b * seqLen..<(b + 1) * seqLen where rng.uniformFloat() < p {
                tokens[i] = maskId
                weights[i] = norm / p
            }
        }
        return MaskedBatch(input: TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen), targets: clean, weights: weights)
    }
}
