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

    /// One unit's masked rows for `sequence` = prefix ++ completion.
    public func unit(sequence: [Int32], prefixLength: Int, maskId: Int32, group: Int, rng: inout RNG) -> [ScoredRow] {
        let L = sequence.count - prefixLength
        precondition(L >= 1 && group >= 1, "a completion of at least one token and a group of at least one row")
        var positions = Array(0..<L)
        func subset(_ n: Int) -> [Int] {
            partialShuffle(&positions, first: n, rng: &rng)
            return Array(positions[0..<n])
        }
        func row(_ masked: [Int], weight: Double) -> ScoredRow {
            ScoredRow(sequence: sequence, prefixLength: prefixLength, masked: masked, weight: weight, maskId: maskId)
        }
        switch self {
        case .continuous:
            let t = rng.openUniformDouble()
            return [row((0..<L).filter { _ in rng.uniformDouble() < t }, weight: 1 / t)]
        case .count:
            let l = 1 + rng.int(below: L)
            return [row(subset(l), weight: Double(L) / Double(l))]
        case .llada:
            let k = 1 + rng.int(below: L)
            return (0..<group).map { i in
                let n = (Int((Double(k) + Double(i) * Double(L) / Double(group)).rounded()) - 1) % L + 1
                return row(subset(n), weight: Double(L) / Double(n) / Double(group))
            }
        case .espo:
            let k = rng.int(below: L + 1)
            return (0..<group).flatMap { b -> [ScoredRow] in
                let n = Int((Double(k) + Double(b) * Double(L + 1) / Double(group)).rounded()) % (L + 1)
                let s = subset(n)
                let inS = Set(s)
                let complement = (0..<L).filter { !inS.contains($0) }
                let half = 0.5 / Double(group)
                return [
                    row(s, weight: n == 0 ? 0 : half * Double(L + 1) / Double(n)),
                    row(complement, weight: n == L ? 0 : half * Double(L + 1) / Double(L - n))
                ]
            }
        case .lambda:
            return (0..<group).map { i in
                // (u_i + i)/G lies in [i/G, (i+1)/G); the open uniform keeps λ > 0.
                let lambda = (rng.openUniformDouble() + Double(i)) / Double(group)
                return row((0..<L).filter { _ in rng.uniformDouble() < lambda }, weight: 1 / lambda / Double(group))
            }
        }
    }
}

/// A masked copy of a sequence and the weight of each masked position's cross-entropy.
public struct ScoredRow: Sendable {
    /// The network input: the sequence with `masked` completion positions replaced by the mask id.
    public var input: [Int32]
    /// Absolute positions (into `input`) that are masked and scored.
    public var scored: [Int]
    /// The clean token at each scored position.
    public var targets: [Int32]
    /// Weight of every scored position.
    public var weight: Double

    public init(sequence: [Int32], prefixLength: Int, masked: [Int], weight: Double, maskId: Int32) {
        var input = sequence
        let scored = masked.map { $0 + prefixLength }
        for i in scored { input[i] = maskId }
        self.input = input
        self.scored = scored
        self.targets = scored.map { sequence[$0] }
        self.weight = weight
    }
}
