/// eMIGM's training masking (docs/methods.md §3.3, §3.5, §3.8 in toy form): ONE time per batch,
/// t = max(U(0,1), tMin), p = (1−10⁻³)t + 10⁻³, ratio γ(p); a Bernoulli(ratio) pattern over the
/// N image slots is redrawn until it masks at least one slot, then each row masks a random
/// permutation of it, so every row has the same masked count. The loss is the mean CE over
/// masked tokens, times γ'(p)/γ(p) when `weighted` (MDM's ELBO weight; eMIGM uses 1).
/// The class token at position 0 (the prefix) is conditioning; with probability
/// `classDropProbability` it is replaced by the mask id, the null class of classifier-free guidance.
public enum EMIGMLoss {
    public struct Options: Codable, Equatable, Sendable {
        public var schedule: MaskSchedule = .exp(rate: 5)
        public var tMin: Double = 0.2
        public var weighted = false
        public var classDropProbability = 0.1
        public init(
            schedule: MaskSchedule = .exp(rate: 5), tMin: Double = 0.2, weighted: Bool = false,
            classDropProbability: Double = 0.1
        ) {
            self.schedule = schedule
            self.tMin = tMin
            self.weighted = weighted
            self.classDropProbability = classDropProbability
        }

        enum CodingKeys: String, CodingKey {
            case schedule, tMin = "t_min", weighted, classDropProbability = "class_drop_probability"
        }
    }

    /// clean: [batch, seqLen] = class token ++ image tokens (prefixLength = 1), or image tokens only (0).
    /// Returns the batch and the masked count per row.
    public static func mask(
        _ clean: [Int32], batch: Int, seqLen: Int, prefixLength: Int = 1, maskId: Int32,
        options o: Options, rng: inout RNG
    ) -> (MaskedBatch, maskedPerRow: Int, p: Double) {
        precondition(clean.count == batch * seqLen && prefixLength < seqLen)
        let n = seqLen - prefixLength
        let t = Swift.max(rng.uniformDouble(), o.tMin)
        let p = (1 - 1e-3) * t + 1e-3
        let ratio = o.schedule.gamma(p)
        var count = 0
        repeat {
            count = (0..<n).reduce(0) { acc, _ in acc + (rng.uniformDouble() < ratio ? 1 : 0) }
        } while count < 1
        let w = Float((o.weighted ? o.schedule.elboWeight(p) : 1) / Double(count * batch))
        var tokens = clean
        var weights = [Float](repeating: 0, count: clean.count)
        var positions = Array(0..<n)
        for b in 0..<batch {
            // A random permutation of the pattern masks a uniform `count`-subset of the row.
            partialShuffle(&positions, first: count, rng: &rng)
            for j in positions[0..<count] {
                let i = b * seqLen + prefixLength + j
                tokens[i] = maskId
                weights[i] = w
            }
            if prefixLength > 0 && rng.uniformDouble() < o.classDropProbability {
                for i in b * seqLen..<(b * seqLen + prefixLength) { tokens[i] = maskId }
            }
        }
        let mb = MaskedBatch(input: TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen), targets: clean, weights: weights)
        return (mb, count, p)
    }
}
