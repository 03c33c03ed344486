import ESPO
import Foundation
import MaskedDiffusion
import RunLog

/// RL progress for a human: a self-overwriting line on a terminal, plain lines otherwise.
struct RLProgress {
    let total: Int
    let every: Int
    let isTerminal = isatty(STDOUT_FILENO) != 0
    private var smoothedReward: Double?
    /// The latest held-out evaluation and the rounds trained before it ("eval 62.5% @4").
    private var lastEval: String = ""

    init(total: Int, every: Int) {
        self.total = total
        self.every = max(1, every)
    }

    mutating func update(_ report: RLTrainer.RoundReport, evaluation: TaskEvaluation?) {
        let rewards = report.rollout.rewards
        let mean = rewards.reduce(0, +) / Double(max(rewards.count, 1))
        fold(mean)
        let last = report.steps.last
        let seconds = report.rollout.seconds + report.steps.reduce(0) { $0 + $1.referenceSeconds + $1.policySeconds }
        let done = report.round + 1
        // The evaluation ran before this round, on the policy after `report.round` rounds; later
        // lines repeat it with that count, so it does not read as a new one.
        if let e = evaluation { noteEvaluation(e.metrics.successRate, after: report.round) }
        let text =
            "round \(done)/\(total)  reward \(String(format: "%.3f (avg %.3f)", mean, smoothedReward!))"
            + "  kl \(String(format: "%.2g", last?.metrics.kl ?? .nan))  ratio \(String(format: "%.3f–%.3f", last?.metrics.ratioMinimum ?? .nan, last?.metrics.ratioMaximum ?? .nan))"
            + "  \(String(format: "%.1f", seconds)) s/round" + lastEval
        if isTerminal {
            writeOut("\r\u{1B}[2K" + text)
            if done == total { writeOut("\n") }
        } else if done % every == 0 || done == total {
            writeOut(text + "\n")
        }
    }

    /// A resumed run's `avg` and last evaluation go on from its log (cut back to the checkpoint),
    /// as if never interrupted: they once started again from the first round after the resume.
    mutating func resume(from history: [MetricsRecord]) {
        for record in history {
            if record["iteration"] == 0, let mean = record["reward/mean"] { fold(mean) }
            if let success = record["eval/success"], let round = record["round"] { noteEvaluation(success, after: Int(round)) }
        }
    }

    private mutating func noteEvaluation(_ success: Double, after rounds: Int) {
        lastEval = String(format: "  eval %.1f%% @%d", 100 * success, rounds)
    }

    /// The EMA (0.9 per round) of the rounds' mean rewards.
    private mutating func fold(_ mean: Double) { smoothedReward = smoothedReward.map { 0.9 * $0 + 0.1 * mean } ?? mean }

    func interrupt() {
        if isTerminal { writeOut("\n") }
    }
}
