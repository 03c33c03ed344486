/// ESPO's coupled antithetic pairs (docs/methods.md §4.2), the one place their counts and
/// weights are written: the ELBO estimator `.espo` and ESPO's training likelihood both draw here.
///
/// One draw takes k ~ U{0..L} shared by G strata; stratum b masks n_b = round(k + b·(L+1)/G)
/// mod (L+1) completion positions chosen uniformly without replacement (S_b, weight
/// (L+1)/n_b) and, in a second row, exactly the complement (weight (L+1)/(L − n_b)); both are
/// halved and divided by the number of draws averaged over. Every completion token is scored
/// exactly once per pair; a side with no masked position scores nothing and is left out.
public enum CoupledPairs {
    /// The stratified mask counts n_b for one shared k: [G].
    public static func counts(k: Int, strata G: Int, completionLength L: Int) -> [Int] {
        (0..<G).map { b in Int((Double(k) + Double(b) * Double(L + 1) / Double(G)).rounded()) % (L + 1) }
    }

    /// Draws one k from `rng` and appends the pairs of G = `sequences.count` strata, stratum b
    /// on `sequences[b]` ([P + L]) into estimate `estimates[b]` (per token when `perToken`).
    /// `positions` ([L], any permutation of 0..<L) carries the shuffle state from draw to draw.
    public static func append(
        to batch: inout MaskedBatch, sequences: [[Int32]], prefixLength P: Int, maskId: Int32,
        estimates: [Int], perToken: Bool, averagedOver draws: Int, positions: inout [Int], rng: inout RNG
    ) {
        let L = positions.count
        let k = rng.int(below: L + 1)
        let numerator = 0.5 / Double(draws) * Double(L + 1)
        var masked = [Bool](repeating: false, count: L)
        for (b, n) in counts(k: k, strata: sequences.count, completionLength: L).enumerated() {
            partialShuffle(&positions, first: n, rng: &rng)
            for i in 0..<L { masked[i] = false }
            for i in positions[0..<n] { masked[i] = true }
            if n > 0 {
                batch.append(
                    sequences[b], prefixLength: P, masked: masked, weight: Float(numerator / Double(n)),
                    maskId: maskId, estimate: estimates[b], perToken: perToken)
            }
            if n < L {
                for i in 0..<L { masked[i].toggle() }
                batch.append(
                    sequences[b], prefixLength: P, masked: masked, weight: Float(numerator / Double(L - n)),
                    maskId: maskId, estimate: estimates[b], perToken: perToken)
            }
        }
    }
}
