/// LLaDA supervised fine-tuning (docs/methods.md §1.3): the pre-training forward process on the
/// response only. The prompt is never masked; EOS padding belongs to the response and is
/// masked and predicted. loss = (1/B) Σ_b (1/L_b) Σ_{masked i in response} CE_i / p_b, with
/// L_b the response length of example b (padding included).
public enum SFTLoss {
    /// clean: [batch, seqLen] = prompt ++ response per row; promptLengths: [batch].
    public static func mask(
        _ clean: [Int32], promptLengths: [Int], seqLen: Int, maskId: Int32, eps: Float = 1e-3,
        rng: inout RNG
    ) -> MaskedBatch {
        let batch = promptLengths.count
        precondition(clean.count == batch * seqLen)
        var tokens = clean
        var weights = [Float](repeating: 0, count: clean.count)
        for b in 0..<batch {
            let prompt = promptLengths[b]
            precondition(prompt >= 0 && prompt < seqLen, "prompt length \(prompt) leaves no response in \(seqLen)")
            let responseLength = Float(seqLen - prompt)
            let p = (1 - eps) * rng.uniformFloat() + eps
            let w = 1 / (p * responseLength * Float(batch))
            for i in (b * seqLen + prompt)..<((b + 1) * seqLen) where rng.uniformFloat() < p {
                tokens[i] = maskId
                weights[i] = w
            }
        }
        return MaskedBatch(input: TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen), targets: clean, weights: weights)
    }
}
