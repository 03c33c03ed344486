import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct OptimizerTests {
    /// AdamW against a scalar Double transcription of torch.optim.AdamW's update rule.
    @Test func adamWMatchesReferenceUpdates() {
        let config = TestModels.tinyConfig
        let params = TestModels.randomParameters(config, seed: 3)
        let hyper = AdamW.Hyper(beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.3)
        let opt = AdamW(layout: params.layout, hyper: hyper)
        let n = params.layout.totalCount
        var ref = params.values.array.map(Double.init)
        var m = [Double](repeating: 0, count: n), v = m
        var rng = RNG(seed: 5, stream: .data)
        let decays = params.layout.entries.flatMap { [Bool](repeating: $0.decays, count: $0.count) }
        for t in 1...5 {
            let g = (0..<n).map { _ in Float(rng.normal()) }
            let lr = 0.01 * Double(t)
            opt.update(params: params.values, grads: Tensor(shape: [n], values: g), lr: Float(lr))
            for i in 0..<n {
                if decays[i] { ref[i] *= 1 - lr * Double(hyper.weightDecay) }
                m[i] = 0.8 * m[i] + 0.2 * Double(g[i])
                v[i] = 0.9 * v[i] + 0.1 * Double(g[i]) * Double(g[i])
                let mh = m[i] / (1 - _pow(0.8, Double(t))), vh = v[i] / (1 - _pow(0.9, Double(t)))
                ref[i] -= lr * mh / (vh.squareRoot() + 1e-6)
            }
        }
        let worst = (0..<n).map { abs(Double(params.values[$0]) - ref[$0]) }.max()!
        #expect(worst < 1e-5, "max |Δ| = \(worst)")
        #expect(opt.step == 5)
    }

    @Test func weightDecaySparesNormGains() {
        let params = TestModels.randomParameters(TestModels.tinyConfig, seed: 4)
        let before = params.values.array
        let opt = AdamW(layout: params.layout, hyper: .init(weightDecay: 0.5))
        opt.update(params: params.values, grads: Tensor(shape: [params.layout.totalCount]), lr: 0.1)
        for e in params.layout.entries {
            let i = e.offset
            let expected = e.decays ? before[i] * 0.95 : before[i]
            #expect(abs(params.values[i] - expected) < 1e-6, "\(e.name)")
        }
    }

    @Test func clippingBoundsTheGlobalNorm() {
        let g = Tensor(shape: [1000], values: (0..<1000).map { Float($0 % 7) - 3 })
        let norm = GradientClipping.norm(g)
        let exact = (0..<1000).reduce(0.0) { $0 + pow2(Double($1 % 7) - 3) }.squareRoot()
        #expect(abs(norm - exact) < 1e-9 * exact)
        #expect(GradientClipping.clip(g, maxNorm: 1) == norm)
        #expect(abs(GradientClipping.norm(g) - 1) < 1e-5)
        // Below the threshold nothing changes.
        let before = g.array
        GradientClipping.clip(g, maxNorm: 10)
        #expect(g.array == before)
    }

    @Test func warmupThenCosine() {
        let s = LearningRateSchedule(peak: 1, warmupSteps: 4, totalSteps: 104, decay: .cosine, minFraction: 0.1)
        let warm = (0..<5).map { s.rate(at: $0) }
        #expect(zip(warm, warm.dropFirst()).allSatisfy { $0 < $1 })
        #expect(s.rate(at: 4) == 1)
        #expect(abs(s.rate(at: 54) - 0.55) < 1e-6)  // half-way: midpoint of [0.1, 1]
        #expect(abs(s.rate(at: 104) - 0.1) < 1e-6)
        #expect(abs(s.rate(at: 500) - 0.1) < 1e-6)
        let c = LearningRateSchedule(peak: 0.5, warmupSteps: 0, totalSteps: 10, decay: .constant)
        #expect((0..<20).allSatisfy { c.rate(at: $0) == 0.5 })
    }

    /// The whole training path (forward, weighted loss, backward, clipping, AdamW) can fit one
    /// batch, with the plain block and with the options released checkpoints use (fine-tuning them).
    @Test(arguments: [
        ModelConfig(vocabSize: 16, dModel: 32, nLayers: 2, nHeads: 2, maxSeqLen: 16),
        ModelConfig(
            vocabSize: 16, dModel: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, maxSeqLen: 16, qkvBias: true,
            shiftedPrediction: true),
        ModelConfig(
            vocabSize: 16, dModel: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, headDim: 12, maxSeqLen: 16, qkNorm: true,
            tiedEmbeddings: true)
    ])
    func tinyModelOverfitsAFixedBatch(config: ModelConfig) {
        BLAS.setThreads(1)
        let params = ModelParameters(config: config)
        params.initialize(seed: 1)
        var rng = RNG(seed: 2, stream: .data)
        let (B, T) = (8, 16)
        let clean = (0..<B * T).map { _ in Int32(rng.int(below: config.vocabSize)) }
        let masked = (0..<B * T).map { _ in rng.uniformFloat() < 0.5 }
        let tokens = zip(clean, masked).map { $1 ? Int32(config.maskTokenId) : $0 }
        let count = Float(masked.filter { $0 }.count)
        let weights = masked.map { $0 ? 1 / count : 0 }
        let batch = TokenBatch(tokens: tokens, batch: B, seqLen: T)
        let model = Transformer(params: params, maxRows: B * T, threads: 2)
        let opt = AdamW(layout: params.layout, hyper: .init(weightDecay: 0))
        let grads = Tensor(shape: [params.layout.totalCount])
        var losses: [Double] = []
        for _ in 0..<150 {
            grads.zero()
            losses.append(model.lossAndGradients(batch, targets: clean, weights: weights, grads: grads))
            GradientClipping.clip(grads, maxNorm: 1)
            opt.update(params: params.values, grads: grads, lr: 3e-3)
        }
        #expect(abs(losses[0] - _log(16)) < 0.2, "initial loss \(losses[0]) should be ≈ ln 16")
        #expect(losses.last! <= 0.1 * losses[0], "loss \(losses[0]) → \(losses.last!)")
    }
}

private func pow2(_ x: Double) -> Double { x * x }
