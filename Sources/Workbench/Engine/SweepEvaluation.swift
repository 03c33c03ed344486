import MaskedDiffusion

/// How a sweep scores one config on its held-out items: a task's evaluator or a text model's
/// continuation NELBO, behind one call so the sweep job treats both alike.
struct SweepEvaluation {
    /// Items each config decodes.
    var items: Int
    /// Decodes and scores the items with a config: (figure, mean NFE, seconds). The closures
    /// hear the items done after each batch and are asked whether to stop.
    var run:
        (SamplerConfig, _ progress: (Int) -> Void, _ stop: () -> Bool) throws -> (
            SweepFigure, Double, Double
        )
}

extension EngineWorker {
    /// The first `items` test items of `task`, decoded as `unmask eval --items N` does
    /// (`TaskEvaluator`, batches of `sweepBatch`, seed 0).
    static func taskEvaluation(_ task: any ReasoningTask, items: Int, loaded: LoadedModel) -> SweepEvaluation {
        let chosen = Array(task.testItems.prefix(items))
        return SweepEvaluation(items: chosen.count) { config, progress, stop in
            let rows = sweepBatch * (config.usesGuidance ? 2 : 1)
            let r = try loaded.networks.with(rows: rows, seqLen: task.promptLength + task.completionLength) { network in
                try TaskEvaluator.evaluate(
                    model: network, task: task, items: chosen, config: config, batchSize: sweepBatch,
                    progress: progress, stop: stop)
            }
            return (.success(rate: r.metrics.successRate, meanReward: r.metrics.meanReward), r.meanNFE, r.seconds)
        }
    }

    /// Prompts per sampler in a text sweep.
    static let textSweepBatch = 16

    /// The first `items` held-out windows of a text model's training text, cut to `promptLength`
    /// tokens and continued by each config (`ContinuationEvaluator`, batches of
    /// `textSweepBatch`, seed 0, the default count-estimator units).
    static func textEvaluation(
        promptLength: Int, items: Int, configs: [SweepConfig], loaded: LoadedModel
    ) throws -> SweepEvaluation {
        guard let dataset = loaded.dataset, let source = try dataset.open(seed: 0, tokenizer: loaded.tokenizer).0 as? TextSource
        else { throw SweepError("the model records no training text, so it has no held-out windows") }
        let prompts = source.heldOutPrompts(count: items, length: promptLength)
        guard !prompts.isEmpty else { throw SweepError("the held-out split holds no window") }
        let seqLen = promptLength + (configs.first?.config.generationLength ?? 0)
        return SweepEvaluation(items: prompts.count) { config, progress, stop in
            let rows = textSweepBatch * (config.usesGuidance ? 2 : 1)
            let r = try loaded.networks.with(rows: rows, seqLen: seqLen) { network in
                try loaded.networks.with(rows: textSweepBatch, seqLen: seqLen) { scoring in
                    try ContinuationEvaluator.evaluate(
                        model: network, scorer: ELBOEvaluator(model: scoring), prompts: prompts, config: config,
                        batchSize: textSweepBatch, progress: progress, stop: stop)
                }
            }
            return (.nelboPerToken(r.nelboPerToken), r.meanNFE, r.seconds)
        }
    }
}

/// Why a sweep could not gather its prompts.
struct SweepError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
