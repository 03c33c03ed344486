/// What RL can get out of a task model at its rollout temperature: each item sampled `n` times.
///
/// Greedy success says how often the mode is right; RL needs more: samples that are sometimes
/// right (pass@k), groups whose rewards differ (only those carry an advantage), and answers
/// that are always well formed (so the reward separates right from wrong, not broken from
/// whole). These are the figures issue #19 asks of a base model.
public struct SampleStatistics: Sendable, Equatable {
    /// Rewards of each item's samples, in sampling order.
    public let rewards: [[Double]]
    /// Exact successes per item.
    public let successes: [Int]
    /// Well-formed samples over all items.
    public let wellFormed: Int

    public init(rewards: [[Double]], successes: [Int], wellFormed: Int) {
        precondition(rewards.count == successes.count, "one success count per item")
        self.rewards = rewards
        self.successes = successes
        self.wellFormed = wellFormed
    }

    /// Scores `completions`, which hold `samplesPerItem` consecutive completions per item.
    public init(task: any ReasoningTask, items: [TaskItem], completions: [String], samplesPerItem n: Int) {
        precondition(completions.count == items.count * n, "\(n) completions per item")
        var rewards: [[Double]] = [], successes: [Int] = [], wellFormed = 0
        for (i, item) in items.enumerated() {
            let mine = completions[(i * n)..<((i + 1) * n)]
            rewards.append(mine.map { task.reward(item, completion: $0) })
            successes.append(mine.filter { task.isSuccess(item, completion: $0) }.count)
            wellFormed += mine.filter { task.isWellFormed(item, completion: $0) }.count
        }
        self.init(rewards: rewards, successes: successes, wellFormed: wellFormed)
    }

    public var samplesPerItem: Int { rewards.first?.count ?? 0 }
    private var sampleCount: Int { rewards.reduce(0) { $0 + $1.count } }

    public var perSampleSuccess: Double { Double(successes.reduce(0, +)) / Double(Swift.max(sampleCount, 1)) }
    public var meanReward: Double { rewards.reduce(0) { $0 + $1.reduce(0, +) } / Double(Swift.max(sampleCount, 1)) }
    public var wellFormedShare: Double { Double(wellFormed) / Double(Swift.max(sampleCount, 1)) }

    /// Mean over items of the unbiased pass@k (Chen et al. 2021); k ≤ samples per item.
    public func passAt(_ k: Int) -> Double {
        guard !rewards.isEmpty else { return 0 }
        return zip(rewards, successes).reduce(0) { $0 + Self.passAt(k, n: $1.0.count, c: $1.1) } / Double(rewards.count)
    }

    /// 1 − C(n−c, k)/C(n, k): the chance that k of the n samples, drawn without replacement,
    /// include a success. Computed as a product, so large n cannot overflow.
    public static func passAt(_ k: Int, n: Int, c: Int) -> Double {
        precondition(k >= 1 && k <= n && c >= 0 && c <= n, "pass@k needs 1 ≤ k ≤ n and 0 ≤ c ≤ n")
        if n - c < k { return 1 }
        var fail = 1.0, i = n - c + 1
        while i <= n {
            fail *= 1 - Double(k) / Double(i)
            i += 1
        }
        return 1 - fail
    }

    /// Share of RL groups whose rewards are not all equal, cutting each item's samples into
    /// ⌊n / group⌋ disjoint groups of consecutive samples (independent draws, so these are
    /// groups as a rollout would make them). Only such groups get non-zero advantages.
    public func spreadShare(group: Int) -> Double {
        precondition(group >= 2, "a group has at least two samples")
        var groups = 0, spread = 0
        for r in rewards {
            for start in stride(from: 0, through: r.count - group, by: group) {
                let g = r[start..<(start + group)]
                groups += 1
                if g.contains(where: { $0 != g.first! }) { spread += 1 }
            }
        }
        return groups == 0 ? 0 : Double(spread) / Double(groups)
    }
}
