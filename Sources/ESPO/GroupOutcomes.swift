/// How a round's groups split by outcome, which is what bounds the signal RL gets from them.
///
/// A group whose completions all succeed or all fail with equal rewards has zero advantages;
/// `anySuccess` is the rollout's pass@G (the share of prompts where sampling found a solution at
/// all), `allSuccess` the share the policy already solves every time, and `partialOnly` the
/// share with no success whose rewards still differ, i.e. whose only signal is the task's
/// partial credit (Countdown's 0 vs 0.1 format tier, Sudoku's cell fraction).
public struct GroupOutcomes: Equatable, Sendable {
    public var anySuccess: Double
    public var allSuccess: Double
    public var partialOnly: Double

    /// `rewards` and `successes` in contiguous groups of `G`: [groups·G].
    public init(rewards: [Double], successes: [Bool], group G: Int) {
        precondition(
            G >= 1 && rewards.count == successes.count && rewards.count % G == 0, "whole groups of rewards and successes")
        let groups = rewards.count / G
        var any = 0, all = 0, partial = 0
        for start in stride(from: 0, to: rewards.count, by: G) {
            let won = successes[start..<start + G].filter { $0 }.count
            if won > 0 { any += 1 }
            if won == G { all += 1 }
            let r = rewards[start..<start + G]
            if won == 0 && r.contains(where: { $0 != r.first! }) { partial += 1 }
        }
        let n = Double(Swift.max(groups, 1))
        anySuccess = Double(any) / n
        allSuccess = Double(all) / n
        partialOnly = Double(partial) / n
    }
}
