import Testing

@testable import MaskedDiffusion

/// The budget: time outside `Transformer.forward` stays under 10% of sampling wall time,
/// for LLaDA on a small model (d = 128, 4 layers, sequence 64, batch 8).
@Suite(.serialized) struct SamplingOverheadTests {
    init() { BLAS.setThreads(1) }

    @Test func overheadOutsideTheNetworkIsUnderTenPercent() throws {
        let config = ModelConfig(vocabSize: 64, dModel: 128, nLayers: 4, nHeads: 4, maxSeqLen: 64)
        let params = ModelParameters(config: config)
        params.initialize(seed: 1)
        let model = Transformer(params: params, maxRows: 8 * 64)
        var c = SamplerConfig()
        c.generationLength = 56
        c.steps = 56
        c.blockLength = 28
        c.temperature = 1  // Gumbel noise for every masked position of the block, every step
        let problem = SamplingProblem(rows: 8, prompt: [Int32](repeating: 5, count: 8))
        var fractions: [Double] = []
        for seed in 0..<3 {
            let s = try makeSampler(model: model, config: c, problem: problem, seed: UInt64(seed))
            while s.step() != nil {}
            fractions.append(s.statistics.overheadFraction)
            print(
                "LLaDA sampling overhead outside forward: \(s.statistics.overheadFraction) "
                    + "(\(s.statistics.stepSeconds) s total, \(s.statistics.forwardSeconds) s forward)")
        }
        #expect(fractions.min()! < 0.10)
    }
}
