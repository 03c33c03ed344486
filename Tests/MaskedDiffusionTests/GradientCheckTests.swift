import Testing

@testable import MaskedDiffusion

/// The hand-written backward pass against central finite differences, for every weight.
///
/// The engine computes in Float, so the differences are taken in Float with h = 1e-2 and the
/// loss summed in Double. Float rounding in the forward pass perturbs the loss by ~1e-6
/// relative, i.e. ~1e-4·|loss| after dividing by 2h, and the O(h²) truncation error is of the
/// same order; a tensor passes when ‖g_fd − g‖ ≤ 1e-2 · max(‖g_fd‖, ‖g‖) + 1e-4·√n. A wrong
/// sign, a missing term or a transposed product gives errors of order 1, far above this.
@Suite(.serialized) struct GradientCheckTests {
    @Test(arguments: [1, 2])
    func everyParameterMatchesFiniteDifferences(threads: Int) {
        check(TestModels.tinyConfig, threads: threads)
    }

    /// Grouped-query attention, q/k/v biases, q/k norms, an own head width, a tied head (whose
    /// gradient sums the head's use and the embedding's) and the shifted prediction.
    @Test(arguments: TestModels.variantConfigs.keys.sorted(), [1, 2])
    func everyArchitectureVariantMatchesFiniteDifferences(variant: String, threads: Int) {
        check(TestModels.variantConfigs[variant]!, threads: threads)
    }

    private func check(_ config: ModelConfig, threads: Int) {
        BLAS.setThreads(1)
        let params = TestModels.randomParameters(config, seed: 7)
        let (batch, targets, weights) = TestModels.batch(config, batch: 3, seqLen: 5, seed: 11)
        let model = Transformer(params: params, maxRows: batch.rows, threads: threads)
        let grads = Tensor(shape: [params.layout.totalCount])
        let loss0 = model.lossAndGradients(batch, targets: targets, weights: weights, grads: grads)
        #expect(loss0.isFinite && loss0 > 0)

        let scratch = Tensor(shape: [params.layout.totalCount])
        func loss() -> Double {
            scratch.zero()
            return model.lossAndGradients(batch, targets: targets, weights: weights, grads: scratch)
        }
        let h: Float = 1e-2
        for e in params.layout.entries {
            var diff = 0.0, normFD = 0.0, normG = 0.0
            for i in 0..<e.count {
                let k = e.offset + i
                let saved = params.values[k]
                params.values[k] = saved + h
                let up = loss()
                params.values[k] = saved - h
                let down = loss()
                params.values[k] = saved
                let fd = (up - down) / Double(2 * h)
                let g = Double(grads[k])
                diff += (fd - g) * (fd - g)
                normFD += fd * fd
                normG += g * g
            }
            let err = diff.squareRoot(), scale = max(normFD, normG).squareRoot()
            #expect(
                err <= 1e-2 * scale + 1e-4 * Double(e.count).squareRoot(),
                "\(e.name): ‖fd − g‖ = \(err), ‖g‖ = \(normG.squareRoot()), ‖fd‖ = \(normFD.squareRoot())")
            #expect(normG > 0 || e.name.hasPrefix("model.embed_tokens"), "\(e.name) has no gradient at all")
        }
    }
}

@Suite(.serialized) struct SplitBackwardTests {
    /// Every test variant, the plain tiny model, and one layer with q/k/v biases and no shift
    /// (the kept rows' top is then the only layer's, right above the embedding).
    static let configs: [String: ModelConfig] = TestModels.variantConfigs.merging([
        "plain": TestModels.tinyConfig,
        "one-layer-bias": ModelConfig(
            vocabSize: 19, dModel: 20, nLayers: 1, nHeads: 2, nKVHeads: 1, ffHidden: 36, maxSeqLen: 6, qkvBias: true)
    ]) { a, _ in a }

    /// A training network with random weights for `variant`, sized for TestModels.batch's 3 × 5.
    static func network(_ variant: String, threads: Int) -> (ModelConfig, ModelParameters, Transformer) {
        BLAS.setThreads(1)
        let config = configs[variant]!
        let params = TestModels.randomParameters(config, seed: 8)
        return (config, params, Transformer(params: params, maxRows: 15, threads: threads))
    }

    /// forward + backward equals the fused lossAndGradients, so RL objectives may set weights
    /// from the forward's outputs without a second forward. The fused pass runs the top of the
    /// last layer on the rows of nonzero weight only (TransformerPass+WeightedRows.swift), in
    /// every worker, the split one on every row: they agree up to the order of the weight
    /// gradients' sums. Dream's shift keeps every row.
    @Test(arguments: configs.keys.sorted(), [1, 2])
    func backwardAfterForwardEqualsFusedPass(variant: String, threads: Int) {
        let (config, params, model) = Self.network(variant, threads: threads)
        let (batch, targets, weights) = TestModels.batch(config, batch: 3, seqLen: 5, seed: 12)
        let fused = Tensor(shape: [params.layout.totalCount]), split = Tensor(shape: [params.layout.totalCount])
        let a = model.lossAndGradients(batch, targets: targets, weights: weights, grads: fused)
        let weighted = weights.indices.filter { weights[$0] != 0 }
        if config.shiftedPrediction {
            #expect(model.lastTopRows == batch.rows, "\(variant)")
        } else {
            #expect(model.lastTopRows == weighted.count, "\(variant): the top ran on unweighted rows")
            var kept: [Int] = []
            for (s, pass) in model.passes.enumerated() {
                let first = batch.batch * s / threads * batch.seqLen
                #expect(pass.ws.keepsRows, "\(variant), worker \(s)")
                kept += pass.ws.keptRows.map { first + $0 }
            }
            #expect(kept == weighted, "\(variant): kept rows are not the weighted ones")
        }
        model.forward(batch, into: Tensor(shape: [batch.rows, config.vocabSize]))
        let b = model.backward(batch, targets: targets, weights: weights, grads: split)
        #expect(model.lastTopRows == batch.rows)
        #expect(abs(a - b) <= 1e-6 * abs(b), "\(variant): loss \(a) vs \(b)")
        for e in params.layout.entries {
            let x = fused.array[e.offset..<e.offset + e.count], y = split.array[e.offset..<e.offset + e.count]
            let worst = zip(x, y).map { abs($0 - $1) }.max() ?? 0, scale = y.map(abs).max() ?? 0
            #expect(worst <= 1e-5 * max(scale, 1e-3), "\(variant), \(threads) threads, \(e.name): \(worst) of \(scale)")
        }
    }

    /// RL's path: forward with the weighted rows scored, then backward, skips the same rows as the
    /// fused pass and gives the same loss and gradient bit for bit.
    @Test(arguments: SplitBackwardTests.configs.keys.sorted(), [1, 2])
    func scoredForwardThenBackwardEqualsFusedPass(variant: String, threads: Int) {
        let (config, params, model) = Self.network(variant, threads: threads)
        var (batch, targets, weights) = TestModels.batch(config, batch: 3, seqLen: 5, seed: 12)
        let fused = Tensor(shape: [params.layout.totalCount]), split = Tensor(shape: [params.layout.totalCount])
        let a = model.lossAndGradients(batch, targets: targets, weights: weights, grads: fused)
        let fusedTop = model.lastTopRows
        batch.scored = weights.map { $0 != 0 }
        model.forward(batch, into: Tensor(shape: [batch.rows, config.vocabSize]))
        #expect(model.lastTopRows == fusedTop, "\(variant)")
        let b = model.backward(batch, targets: targets, weights: weights, grads: split)
        #expect(a == b, "\(variant)")
        #expect(fused.array == split.array, "\(variant), \(threads) threads")
    }

    /// Rows are kept only when some weigh nothing and some do.
    @Test func everyRowRunsWhenAllOrNoneWeigh() {
        let config = TestModels.tinyConfig
        let (batch, targets, _) = TestModels.batch(config, batch: 2, seqLen: 5, seed: 3, padded: false)
        let model = Transformer(params: TestModels.randomParameters(config, seed: 8), maxRows: batch.rows)
        let grads = Tensor(shape: [model.params.layout.totalCount])
        for weight: Float in [1, 0] {
            let loss = model.lossAndGradients(
                batch, targets: targets, weights: [Float](repeating: weight, count: batch.rows), grads: grads)
            #expect(!model.passes[0].ws.keepsRows && model.lastTopRows == batch.rows)
            #expect(weight == 0 ? loss == 0 : loss > 0)
        }
    }
}
