import MaskedDiffusion
import RunLog

extension RLTrainer.RoundReport {
    /// One `MetricsRecord` per optimizer step of the round, the unit every metric sink
    /// (metrics.jsonl, TensorBoard) consumes. Rollout-level figures (rewards, success,
    /// zero_std_ratio, group outcomes) repeat on each step of the round; the rollout's seconds are
    /// charged to its first step only (0 on the others), so sums over records give wall time. `evaluation`, run
    /// before this round with the weights its first step started from, goes on the first record.
    public func records(evaluation: TaskEvaluation? = nil) -> [MetricsRecord] {
        let rewards = rollout.rewards, n = Double(rewards.count)
        let mean = rewards.reduce(0, +) / n
        let std = (rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let success = Double(rollout.successes.filter { $0 }.count) / n
        let groups = GroupOutcomes(rewards: rewards, successes: rollout.successes, group: advantages.group)
        return steps.enumerated().map { i, s in
            let m = s.metrics
            var values: [(String, Double)] = [
                ("round", Double(round)), ("iteration", Double(s.iteration)),
                ("reward/mean", mean), ("reward/std", std), ("success", success),
                ("zero_std_ratio", advantages.zeroStdRatio), ("groups/any_success", groups.anySuccess),
                ("groups/all_success", groups.allSuccess), ("groups/partial_only", groups.partialOnly), ("loss", s.loss),
                ("kl", m.kl), ("clip_frac", m.clipFraction),
                ("ratio/mean", m.ratioMean), ("ratio/min", m.ratioMinimum), ("ratio/max", m.ratioMaximum),
                ("elbo_per_token", m.likelihoodPerToken), ("grad_norm", s.gradNorm), ("lr", Double(s.learningRate)),
                ("skipped", s.skipped ? 1 : 0),
                ("time/rollout_s", i == 0 ? rollout.seconds : 0), ("time/reference_s", s.referenceSeconds),
                ("time/policy_s", s.policySeconds)
            ]
            if i == 0, let e = evaluation { values += e.metricValues }
            return MetricsRecord(step: s.step, wallTime: s.wallTime, values: values)
        }
    }
}

extension TaskEvaluation {
    /// The held-out figures a metrics record carries: success, mean reward, Sudoku's cell
    /// accuracy when the task has one, and the evaluation's seconds.
    public var metricValues: [(String, Double)] {
        var values = [("eval/success", metrics.successRate), ("eval/reward", metrics.meanReward), ("time/eval_s", seconds)]
        if let cells = metrics.cellAccuracy { values.append(("eval/cell_accuracy", cells)) }
        return values
    }
}
