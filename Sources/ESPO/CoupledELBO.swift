import MaskedDiffusion

/// ESPO's training ELBO of a micro-batch (docs/methods.md §4.2): `CoupledPairs` with the
/// micro-batch's B sequences as the strata, each completion token its own estimate.
///
/// Per MC sample m (its own `MaskKey.rng(mc:)`) one draw of k stratifies the mask counts over
/// the sequences; with the halving and the average over `numMC` samples folded into the weights,
///
///     𝓛_b = Σ_k ℓ[b, k] = −(1/M) Σ_m ½ (a_b,m + c_b,m)
///
/// and every completion token is scored exactly once per pair. The prompt is never masked.
/// Rows: at most 2·M·B sequences of T = P + L tokens.
public enum CoupledELBO {
    /// The masked rows for `sequences` ([B][P + L], prompts of length `promptLength`).
    public static func batch(_ sequences: [[Int32]], promptLength P: Int, maskId: Int32, numMC M: Int, key: MaskKey)
        -> MaskedBatch
    {
        let B = sequences.count, L = sequences[0].count - P
        precondition(B >= 1 && L >= 1 && M >= 1)
        var batch = MaskedBatch(seqLen: P + L, estimates: B * L, capacityRows: 2 * M * B)
        var positions = Array(0..<L)
        for m in 0..<M {
            var rng = key.rng(mc: m)
            CoupledPairs.append(
                to: &batch, sequences: sequences, prefixLength: P, maskId: maskId, estimates: (0..<B).map { $0 * L },
                perToken: true, averagedOver: M, positions: &positions, rng: &rng)
        }
        return batch
    }
}
