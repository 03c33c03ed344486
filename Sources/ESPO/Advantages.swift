/// Group-relative advantages of a rollout batch (docs/methods.md §4.6).
///
/// Rewards come in contiguous groups of `G` completions of one prompt. The baseline of each
/// completion is the mean reward of the *other* G − 1 (leave-one-out):
/// A_i = r_i − Σ_{j≠i} r_j/(G − 1) = G/(G − 1)·(r_i − mean_G r). With `scaleByStd` each group is
/// further divided by its unbiased standard deviation + 1e-4 (ESPO's code has it off).
public struct Advantages: Equatable, Sendable {
    /// One per completion: [groups·G].
    public var values: [Double]
    /// Fraction of groups whose rewards are all equal (they carry no policy-gradient signal).
    public var zeroStdRatio: Double
    /// Completions per group G.
    public var group: Int

    public init(rewards: [Double], group G: Int, scaleByStd: Bool = false) {
        precondition(G >= 2 && rewards.count % G == 0, "rewards must come in whole groups of at least 2")
        var values = [Double](repeating: 0, count: rewards.count)
        var flat = 0
        for start in stride(from: 0, to: rewards.count, by: G) {
            let group = rewards[start..<start + G]
            let total = group.reduce(0, +), mean = total / Double(G)
            let variance = group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(G - 1)
            if group.allSatisfy({ $0 == group.first! }) { flat += 1 }
            let scale = scaleByStd ? 1 / (variance.squareRoot() + 1e-4) : 1
            for i in start..<start + G {
                values[i] = (rewards[i] - (total - rewards[i]) / Double(G - 1)) * scale
            }
        }
        self.values = values
        group = G
        zeroStdRatio = Double(flat) / Double(rewards.count / G)
    }
}
