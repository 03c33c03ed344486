import Testing

@testable import MaskedDiffusion

/// The NELBO of generated continuations (`ContinuationEvaluator`, what `unmask-bench cache` and
/// the workbench's text sweep report): scored given the prompt, never the prompt itself, with
/// one set of masks whatever the config.
@Suite(.serialized)
struct ContinuationEvaluatorTests {
    static let model = SamplingFixtures.model()
    static let scorer = ELBOEvaluator(model: SamplingFixtures.model())
    static let prompts: [[Int32]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    static let units = 12

    /// The figure as it must be: each continuation's count-estimator NELBO given its prompt,
    /// masks from `maskSeed`, per continuation token, averaged over prompts.
    static func expected(_ r: ContinuationEvaluation, length: Int, prefix: Bool = true) -> Double {
        zip(prompts, r.continuations).map { prompt, continuation in
            scorer.estimate(
                sequence: prompt + continuation, prefixLength: prefix ? prompt.count : 0, estimator: .count,
                units: units, seed: ContinuationEvaluator.maskSeed
            ).nelbo / Double(length)
        }.reduce(0, +) / Double(prompts.count)
    }

    @Test(arguments: [SamplingStrategy.llada, .threshold, .eb])
    func theFigureIsTheContinuationsCountNELBOGivenThePrompt(strategy: SamplingStrategy) throws {
        let config = SamplingFixtures.config(strategy)
        var done: [Int] = []
        let r = try ContinuationEvaluator.evaluate(
            model: Self.model, scorer: Self.scorer, prompts: Self.prompts, config: config, batchSize: 2, seed: 5,
            units: Self.units, progress: { done.append($0) })
        #expect(done == [2, 3])
        #expect(r.continuations.count == 3 && r.continuations.allSatisfy { $0.count == config.generationLength })
        #expect(r.continuations.allSatisfy { !$0.contains(Int32(SamplingFixtures.modelConfig.maskTokenId)) })
        #expect(r.nelboPerToken == Self.expected(r, length: config.generationLength))
        // Scoring the prompt as well would give another figure.
        let withPrompt = Self.expected(r, length: config.generationLength, prefix: false)
        #expect(abs(r.nelboPerToken - withPrompt) > 1e-3)
        #expect(r.meanNFE >= 1 && r.meanNFE <= Double(config.generationLength) && r.seconds > 0)
    }

    /// Two configs that generate the same tokens (they differ only in a knob sampling does not
    /// read) must get the same figure, bit for bit: the masks do not depend on the config.
    @Test func configsThatGenerateTheSameTokensGetTheSameFigure() throws {
        let a = SamplingFixtures.config(.llada, temperature: 0)
        var b = a
        b.candidates = a.candidates + 3
        b.entropyBound = a.entropyBound + 1
        let ra = try ContinuationEvaluator.evaluate(
            model: Self.model, scorer: Self.scorer, prompts: Self.prompts, config: a, units: Self.units)
        let rb = try ContinuationEvaluator.evaluate(
            model: Self.model, scorer: Self.scorer, prompts: Self.prompts, config: b, units: Self.units)
        #expect(ra.continuations == rb.continuations)
        #expect(ra.nelboPerToken == rb.nelboPerToken)
        // Another sampler seed draws other tokens at T 1, yet is scored with the same masks.
        let c = SamplingFixtures.config(.llada, temperature: 1)
        let rc = try ContinuationEvaluator.evaluate(
            model: Self.model, scorer: Self.scorer, prompts: Self.prompts, config: c, seed: 77, units: Self.units)
        #expect(rc.nelboPerToken == Self.expected(rc, length: c.generationLength))
    }

    @Test func stopAbandonsTheEvaluation() {
        #expect(throws: SamplerError.stopped) {
            try ContinuationEvaluator.evaluate(
                model: Self.model, scorer: Self.scorer, prompts: Self.prompts, config: SamplingFixtures.config(.llada),
                units: Self.units, stop: { true })
        }
    }
}
