/// Held-out evaluation of a task model: decode every test item's completion from its prompt
/// with a sampler and score it with the task's own reward (docs/methods.md §4.9).
public struct TaskEvaluation: Sendable {
    public var metrics: TaskMetrics
    /// Mean network evaluations per sequence (a guided step counts two).
    public var meanNFE: Double
    /// Mean network compute per sequence in full passes (`SamplingPlan.passEquivalents`): the NFE
    /// less what a key/value cache skipped.
    public var meanPassEquivalents: Double
    public var seconds: Double
    /// Fraction of sampling time spent outside the network forward.
    public var overheadFraction: Double
    public var completions: [String]
}

public enum TaskEvaluator {
    /// Decodes `items` in batches of `batchSize` with `config` (its generation length is set to
    /// the task's completion length) and returns the task metrics. `progress` hears the items
    /// done after each batch; `stop` is asked before every network call and true abandons the
    /// evaluation with `SamplerError.stopped` (a shutdown must not wait for hundreds of items).
    public static func evaluate(
        model: Transformer, task: any ReasoningTask, items: [TaskItem], config: SamplerConfig,
        batchSize: Int = 32, seed: UInt64 = 0, progress: (Int) -> Void = { _ in }, stop: () -> Bool = { false }
    ) throws(SamplerError) -> TaskEvaluation {
        var config = config
        config.generationLength = task.completionLength
        var completions: [String] = []
        var nfe = 0, positions = 0, forward = 0.0, total = 0.0
        let t0 = monotonicSeconds()
        for start in stride(from: 0, to: items.count, by: batchSize) {
            let chunk = items[start..<Swift.min(start + batchSize, items.count)]
            let prompts = chunk.map { task.example(for: $0).prompt }
            let sampler = try makeSampler(
                model: model, config: config, problem: SamplingProblem(prompts: prompts),
                seed: seed &+ UInt64(start))
            var last: TrajectoryStep?
            while true {
                if stop() { throw .stopped }
                guard let step = sampler.step() else { break }
                last = step
            }
            for (row, tokens) in sampler.tokens.enumerated() {
                completions.append(task.completionText(tokens.dropFirst(task.promptLength)))
                nfe += last?.rows[row].nfe ?? 0
            }
            positions += sampler.statistics.computedPositions
            forward += sampler.statistics.forwardSeconds
            total += sampler.statistics.stepSeconds
            progress(completions.count)
        }
        return TaskEvaluation(
            metrics: task.evaluate(items, completions: completions),
            meanNFE: Double(nfe) / Double(Swift.max(items.count, 1)),
            meanPassEquivalents: Double(positions) / Double(task.promptLength + config.generationLength)
                / Double(Swift.max(items.count, 1)),
            seconds: monotonicSeconds() - t0,
            overheadFraction: total > 0 ? 1 - forward / total : 0, completions: completions)
    }
}
