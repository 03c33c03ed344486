/// What one sampler config scored on prompts of a text model (`ContinuationEvaluator`).
public struct ContinuationEvaluation: Sendable, Equatable {
    /// Mean over prompts of each generated continuation's negative ELBO given its prompt, per
    /// continuation token (nats). Lower means the model finds its own samples more likely.
    public var nelboPerToken: Double
    /// Mean network evaluations per continuation (a guided step counts two).
    public var meanNFE: Double
    /// Mean network compute per continuation in full passes: the NFE less what a cache skipped.
    public var meanPassEquivalents: Double
    /// Wall time of sampling alone (the scoring that follows is not the sampler's cost).
    public var seconds: Double
    /// The generated continuations, prompts dropped. [prompts][generationLength]
    public var continuations: [[Int32]]
}

/// Held-out evaluation of a text model's sampler, where there is no reward: each prompt's
/// continuation is generated with the config and then scored by the same model, uncached, as the
/// count-estimator negative ELBO of the continuation given the prompt (the prompt is never
/// scored). The masks are the same for every config and prompt (`maskSeed`), so two configs'
/// figures differ only by what they generated. `unmask-bench cache` and the workbench's
/// `:sweep` on a text model both report this figure (docs/methods.md §5.3).
public enum ContinuationEvaluator {
    /// Count-estimator units per continuation when the caller names none.
    public static let defaultUnits = 64
    /// Seed of the scoring masks: one fixed set for every config, prompt and call.
    public static let maskSeed: UInt64 = 99

    /// Generates continuations of `prompts` ([N][P]: all of one length P) with `config`, `batchSize` rows
    /// per sampler (the batch starting at prompt i seeded `seed + i`: one prompt per call with
    /// seed i is how `unmask-bench cache` alternates configs prompt by prompt), then scores each
    /// with `scorer` over `units` count-estimator units. `model` must hold `batchSize` rows (two
    /// per row with guidance) of prompt + generation length. `progress` hears the prompts done
    /// after each batch; `stop` is asked before every sampler step and every continuation's
    /// scoring, and true abandons the evaluation with `SamplerError.stopped`.
    public static func evaluate(
        model: Transformer, scorer: ELBOEvaluator, prompts: [[Int32]], config: SamplerConfig,
        batchSize: Int = 16, seed: UInt64 = 0, units: Int = defaultUnits,
        progress: (Int) -> Void = { _ in }, stop: () -> Bool = { false }
    ) throws(SamplerError) -> ContinuationEvaluation {
        var continuations: [[Int32]] = []
        var nelbo = 0.0, nfe = 0, positions = 0, seconds = 0.0
        let L = config.generationLength
        for start in stride(from: 0, to: prompts.count, by: Swift.max(batchSize, 1)) {
            let chunk = Array(prompts[start..<Swift.min(start + Swift.max(batchSize, 1), prompts.count)])
            let sampler = try makeSampler(
                model: model, config: config, problem: SamplingProblem(prompts: chunk), seed: seed &+ UInt64(start))
            let t0 = monotonicSeconds()
            var last: TrajectoryStep?
            while true {
                if stop() { throw .stopped }
                guard let step = sampler.step() else { break }
                last = step
            }
            seconds += monotonicSeconds() - t0
            positions += sampler.statistics.computedPositions
            for (row, tokens) in sampler.tokens.enumerated() {
                if stop() { throw .stopped }
                let P = chunk[row].count
                nfe += last?.rows[row].nfe ?? 0
                continuations.append(Array(tokens[P...]))
                let r = scorer.estimate(sequence: tokens, prefixLength: P, estimator: .count, units: units, seed: maskSeed)
                nelbo += r.nelbo / Double(L)
            }
            progress(continuations.count)
        }
        let n = Double(Swift.max(prompts.count, 1))
        let T = Double((prompts.first?.count ?? 0) + L)
        return ContinuationEvaluation(
            nelboPerToken: nelbo / n, meanNFE: Double(nfe) / n, meanPassEquivalents: Double(positions) / T / n,
            seconds: seconds, continuations: continuations)
    }
}
