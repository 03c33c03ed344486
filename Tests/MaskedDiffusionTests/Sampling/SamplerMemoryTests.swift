import Testing

@testable import MaskedDiffusion

/// `SamplerMemory.logitFloats`, which memory checks add before a sampler exists, is what a
/// sampler allocates for its logits.
struct SamplerMemoryTests {
    @Test(arguments: [(rows: 5, perCall: 5), (rows: 7, perCall: 3)])
    func logitFloatsAreWhatASamplerAllocates(rows: Int, perCall: Int) throws {
        let T = 12
        let model = ModelConfig(vocabSize: 40, dModel: 8, nLayers: 1, nHeads: 1, ffHidden: 8, maxSeqLen: T)
        let network = Transformer(
            params: TestModels.randomParameters(model, seed: 1), maxRows: perCall * T, maxSeqLen: T, forwardOnly: true)
        var config = SamplerConfig()
        config.generationLength = 8
        config.steps = 8
        let prompts = (0..<rows).map { _ in [Int32](repeating: 1, count: T - 8) }
        let core = try SamplingCore(
            network: LogitsSource(network), config: config, problem: SamplingProblem(prompts: prompts), seed: 0, start: nil)
        let expected = SamplerMemory.logitFloats(rows: rows, seqLen: T, maxRows: perCall * T, vocab: model.vocabSize)
        #expect(core.rowLogits.count + core.output.count == expected)
    }
}
