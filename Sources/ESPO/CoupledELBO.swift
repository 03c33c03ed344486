import MaskedDiffusion

/// ESPO's training ELBO of a micro-batch (docs/methods.md §4.2): coupled pairs with counts
/// stratified over the micro-batch's sequences.
///
/// Per MC sample m (its own `MaskKey.rng(mc:)`): k ~ U{0..L}; sequence b masks
/// n_b = round(k + b·(L+1)/B) mod (L+1) completion positions chosen uniformly without
/// replacement (pass A, weight (L+1)/n_b) and, in a second row, exactly the complement
/// (pass B, weight (L+1)/(L − n_b)). The prompt is never masked. With the halving and the
/// average over `numMC` samples folded into the weights,
///
///     𝓛_b = Σ_k ℓ[b, k] = −(1/M) Σ_m ½ (a_b,m + c_b,m)
///
/// and every completion token is scored exactly once per pair. A pass with no masked position
/// (n_b = 0 or L) scores nothing and is left out of the batch.
/// Rows: at most 2·M·B sequences of T = P + L tokens.
public enum CoupledELBO {
    /// The stratified mask counts n_b for one shared k: [B].
    public static func counts(k: Int, sequences B: Int, completionLength L: Int) -> [Int] {
        (0..<B).map { b in Int((Double(k) + Double(b) * Double(L + 1) / Double(B)).rounded()) % (L + 1) }
    }

    /// The masked rows for `sequences` ([B][P + L], prompts of length `promptLength`).
    public static func batch(_ sequences: [[Int32]], promptLength P: Int, maskId: Int32, numMC M: Int, key: MaskKey)
        -> ScoredBatch
    {
        let B = sequences.count, L = sequences[0].count - P
        precondition(B >= 1 && L >= 1 && M >= 1)
        var builder = ScoredBatchBuilder(sequences: B, promptLength: P, completionLength: L, capacityRows: 2 * M * B)
        var positions = Array(0..<L)
        var masked = [Bool](repeating: false, count: L)
        for m in 0..<M {
            var rng = key.rng(mc: m)
            let k = rng.int(below: L + 1)
            for (b, n) in counts(k: k, sequences: B, completionLength: L).enumerated() {
                partialShuffle(&positions, first: n, rng: &rng)
                for i in 0..<L { masked[i] = false }
                for i in positions[0..<n] { masked[i] = true }
                let half = 0.5 / Double(M) * Double(L + 1)
                if n > 0 {
                    builder.append(sequences[b], as: b, masked: masked, weight: Float(half / Double(n)), maskId: maskId)
                }
                if n < L {
                    for i in 0..<L { masked[i].toggle() }
                    builder.append(sequences[b], as: b, masked: masked, weight: Float(half / Double(L - n)), maskId: maskId)
                }
            }
        }
        return builder.build()
    }
}

/// Fisher–Yates on the first `n` entries: afterwards positions[0..<n] is a uniform n-subset.
func partialShuffle(_ positions: inout [Int], first n: Int, rng: inout RNG) {
    for i in 0..<n {
        positions.swapAt(i, i + rng.int(below: positions.count - i))
    }
}
