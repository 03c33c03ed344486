import Testing

@testable import MaskedDiffusion

/// The transformer against an independent numpy float64 implementation
/// (Fixtures/make_parity_fixture.py, whose own backward is checked by finite differences).
@Suite(.serialized) struct ParityTests {
    static let directory = String(#filePath.dropLast("ParityTests.swift".count)) + "Fixtures/parity"

    @Test(arguments: ["case.safetensors", "case_nopad.safetensors"], [1, 2])
    func logitsLossAndGradientsMatchNumpy(file: String, threads: Int) throws {
        BLAS.setThreads(1)
        let checkpoint = Checkpoint(directory: Self.directory)
        let params = try checkpoint.loadParameters()
        let c = params.config
        let fixture = try SafetensorsFile(contentsOf: Self.directory + "/" + file)
        let tokensTensor = try fixture.tensor("tokens")
        let (B, T) = (tokensTensor.shape[0], tokensTensor.shape[1])
        let tokens = try tokensTensor.integers().map { Int32($0) }
        let keyValid = try fixture.tensor("key_valid").integers().map { $0 != 0 }
        let targets = try fixture.tensor("targets").integers().map { Int32($0) }
        let weights = try fixture.tensor("weights").floats()
        let batch = TokenBatch(tokens: tokens, batch: B, seqLen: T, keyValid: keyValid.allSatisfy { $0 } ? nil : keyValid)

        let model = Transformer(params: params, maxRows: B * T, threads: threads)
        let logits = Tensor(shape: [B * T, c.vocabSize])
        model.forward(batch, into: logits)
        let expectedLogits = try fixture.tensor("logits", shape: [B, T, c.vocabSize]).floats()
        let logitError = zip(logits.array, expectedLogits).map { abs($0 - $1) }.max()!
        #expect(logitError <= 1e-4, "max |Δ logit| = \(logitError)")

        let grads = Tensor(shape: [params.layout.totalCount])
        let loss = model.lossAndGradients(batch, targets: targets, weights: weights, grads: grads)
        let expectedLoss = try fixture.tensor("loss").floats()[0]
        #expect(abs(loss - Double(expectedLoss)) <= 1e-4 * abs(Double(expectedLoss)), "loss \(loss) vs \(expectedLoss)")

        // Relative to each tensor's norm: some entries are ~0, where elementwise ratios mean nothing.
        for e in params.layout.entries {
            let expected = try fixture.tensor("grad." + e.name, shape: e.shape).floats()
            var diff = 0.0, norm = 0.0
            for i in 0..<e.count {
                let d = Double(grads[e.offset + i]) - Double(expected[i])
                diff += d * d
                norm += Double(expected[i]) * Double(expected[i])
            }
            let relative = diff.squareRoot() / max(norm.squareRoot(), 1e-12)
            #expect(relative <= 1e-3, "\(e.name): relative gradient error \(relative)")
        }
    }
}
