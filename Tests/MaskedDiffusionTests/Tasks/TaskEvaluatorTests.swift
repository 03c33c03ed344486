import Testing

@testable import MaskedDiffusion

/// Held-out evaluation as the RL trainer and `unmask eval` run it.
struct TaskEvaluatorTests {
    /// A shutdown during an evaluation ends it at the next network call (the Train tab once took
    /// 2.2–2.7 s to quit while round 1 evaluated 256 items), and says so instead of scoring a part.
    @Test func aStopEndsTheEvaluationAtTheNextNetworkCall() throws {
        let task = TaskFixtures.countdown
        let c = ModelConfig(vocabSize: task.tokenizer.vocabSize, dModel: 16, nLayers: 1, nHeads: 2, maxSeqLen: 64)
        let model = Transformer(params: TestModels.randomParameters(c, seed: 3), maxRows: 8 * 64, forwardOnly: true)
        let items = Array(task.testItems.prefix(16))
        var config = SamplerConfig()
        config.steps = task.completionLength
        var calls = 0
        #expect(throws: SamplerError.stopped) {
            _ = try TaskEvaluator.evaluate(
                model: model, task: task, items: items, config: config, batchSize: 8,
                stop: {
                    calls += 1
                    return calls > 3
                })
        }
        #expect(calls == 4)
        let whole = try TaskEvaluator.evaluate(model: model, task: task, items: items, config: config, batchSize: 8)
        #expect(whole.completions.count == 16)
    }
}
