import MaskedDiffusion

/// d1's one-step "mean-field" per-token log-probabilities (docs/methods.md §4.10): every completion
/// token masked at once, each prompt token masked independently with probability
/// `promptMaskProbability` (0.15), one forward pass, ℓ[b, k] = log p_θ(y_k | x̃) = −CE.
///
/// One row per sequence ([B] sequences of T tokens); the draws come from `key.rng(mc: 0)`, so the
/// current, old and reference passes of an iteration share the prompt masks.
public enum MeanFieldLogProbs {
    public static let defaultPromptMaskProbability = 0.15

    public static func batch(
        _ sequences: [[Int32]], promptLength P: Int, maskId: Int32, key: MaskKey,
        promptMaskProbability: Double = defaultPromptMaskProbability
    ) -> MaskedBatch {
        let B = sequences.count, L = sequences[0].count - P
        precondition(B >= 1 && L >= 1)
        var batch = MaskedBatch(seqLen: P + L, estimates: B * L, capacityRows: B)
        var rng = key.rng(mc: 0)
        let all = [Bool](repeating: true, count: L)
        var prompt = [Bool](repeating: false, count: P)
        for b in 0..<B {
            for i in 0..<P { prompt[i] = rng.uniformDouble() < promptMaskProbability }
            batch.append(
                sequences[b], prefixLength: P, masked: all, weight: 1, maskId: maskId, estimate: b * L, perToken: true,
                maskedPrefix: prompt)
        }
        return batch
    }
}
