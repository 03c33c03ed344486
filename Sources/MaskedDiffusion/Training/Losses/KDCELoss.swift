/// RADD's k-DCE, the any-order (count) form of the ELBO (docs/methods.md §2.4.4): per sequence
/// k ~ U{1..N} over the N modelled positions, exactly k of them masked uniformly at random,
/// loss = (N/k) Σ_masked CE, averaged over the batch. Positions before `prefixLength` (a
/// prompt or class token) are conditioning: never masked, never scored.
public enum KDCELoss {
    public static func mask(
        _ clean: [Int32], batch: Int, seqLen: Int, prefixLength: Int = 0, maskId: Int32,
        rng: inout RNG
    ) -> MaskedBatch {
        precondition(clean.count == batch * seqLen && prefixLength < seqLen)
        let n = seqLen - prefixLength
        var tokens = clean
        var weights = [Float](repeating: 0, count: clean.count)
        var positions = Array(0..<n)
        for b in 0..<batch {
            let k = 1 + rng.int(below: n)
            partialShuffle(&positions, first: k, rng: &rng)
            let w = Float(n) / Float(k) / Float(batch)
            for j in positions[0..<k] {
                let i = b * seqLen + prefixLength + j
                tokens[i] = maskId
                weights[i] = w
            }
        }
        return MaskedBatch(input: TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen), targets: clean, weights: weights)
    }
}
