/// Monte Carlo estimators of the negative ELBO of a sequence's completion (docs/methods.md §0.1,
/// §1.5, §2.4, §4.2, §6). Each draws one *unit*: a few masked copies of the sequence with a
/// weight per position, such that Σ weight·CE over the unit is an unbiased estimate of
/// NELBO(completion | prefix). Units are i.i.d., which is what the standard error is over.
///
/// The completion is the `L` positions after the prefix (a prompt or class token; empty for an
/// unconditional sequence). The prefix is never masked or scored.
public enum ELBOEstimator: String, Codable, CaseIterable, Sendable {
    /// t ~ U(0,1), each completion token masked with probability t, weight 1/t. One row per unit.
    case continuous
    /// ℓ ~ U{1..L}, a uniform ℓ-subset masked, weight L/ℓ. One row per unit.
    case count
    /// LLaDA's likelihood: one k ~ U{1..L} per group, counts n_i = ((round(k + i·L/G) − 1) mod L) + 1
    /// spread over G rows, weight L/n_i, averaged over the group.
    case llada
    /// ESPO's coupled pairs: one k ~ U{0..L} per group, n_b = round(k + b·(L+1)/G) mod (L+1); each
    /// pair scores S_b with weight (L+1)/n_b and its complement with (L+1)/(L−n_b), halved.
    case espo
    /// RADD λ-DCE: λ_i = (u_i + i)/G stratified over G rows, i.i.d. masking with probability λ_i, weight 1/λ_i.
    case lambda

    /// Network rows one unit costs, for a group size G.
    public func rowsPerUnit(group: Int) -> Int {
        switch self {
        case .continuous, .count: return 1
        case .llada, .lambda: return group
        case .espo: return 2 * group
        }
    }

    /// Appends one unit's masked rows for `sequence` = prefix ++ completion to `batch`, all
    /// scored into estimate `estimate`: Σ w·CE over them is the unit's NELBO estimate.
    public func appendUnit(
        to batch: inout MaskedBatch, estimate: Int, sequence: [Int32], prefixLength: Int, maskId: Int32, group: Int,
        rng: inout RNG
    ) {
        let L = sequence.count - prefixLength
        precondition(L >= 1 && group >= 1, "a completion of at least one token and a group of at least one row")
        var positions = Array(0..<L)
        func row(_ masked: [Bool], weight: Double) {
            batch.append(
                sequence, prefixLength: prefixLength, masked: masked, weight: Float(weight), maskId: maskId,
                estimate: estimate)
        }
        func subset(_ n: Int) -> [Bool] {
            partialShuffle(&positions, first: n, rng: &rng)
            var masked = [Bool](repeating: false, count: L)
            for i in positions[0..<n] { masked[i] = true }
            return masked
        }
        switch self {
        case .continuous:
            let t = rng.openUniformDouble()
            row((0..<L).map { _ in rng.uniformDouble() < t }, weight: 1 / t)
        case .count:
            let l = 1 + rng.int(below: L)
            row(subset(l), weight: Double(L) / Double(l))
        case .llada:
            let k = 1 + rng.int(below: L)
            for i in 0..<group {
                let n = (Int((Double(k) + Double(i) * Double(L) / Double(group)).rounded()) - 1) % L + 1
                row(subset(n), weight: Double(L) / Double(n) / Double(group))
            }
        case .espo:
            CoupledPairs.append(
                to: &batch, sequences: Array(repeating: sequence, count: group), prefixLength: prefixLength,
                maskId: maskId, estimates: Array(repeating: estimate, count: group), perToken: false,
                averagedOver: group, positions: &positions, rng: &rng)
        case .lambda:
            for i in 0..<group {
                // (u_i + i)/G lies in [i/G, (i+1)/G); the open uniform keeps λ > 0.
                let lambda = (rng.openUniformDouble() + Double(i)) / Double(group)
                row((0..<L).map { _ in rng.uniformDouble() < lambda }, weight: 1 / lambda / Double(group))
            }
        }
    }
}
