import Testing

@testable import MaskedDiffusion

/// Every ELBO estimator against the exact value on a trained tiny model.
@Suite(.serialized) struct ELBOTests {
    /// Sequences that follow x[i+1] = x[i] + 1 mod V: a pattern a tiny model learns in seconds,
    /// so the estimates are taken on a model whose conditionals are far from uniform.
    struct CountingSource: TrainingSource {
        let seqLen: Int
        let vocab: Int
        func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
            var rng = RNG(seed: seed, stream: .data, path: [UInt64(step)])
            var tokens: [Int32] = []
            for _ in 0..<size {
                let start = rng.int(below: vocab)
                tokens += (0..<seqLen).map { Int32((start + $0) % vocab) }
            }
            return CleanBatch(tokens: tokens, batch: size, seqLen: seqLen, prefixLengths: [Int](repeating: 0, count: size))
        }
    }

    static let trained: Transformer = {
        BLAS.setThreads(1)
        let config = ModelConfig(vocabSize: 8, dModel: 32, nLayers: 2, nHeads: 2, maxSeqLen: 8)
        let params = ModelParameters(config: config)
        params.initialize(seed: 3)
        let settings = Trainer.Settings(
            objective: .kdce, batchSize: 16, steps: 300,
            schedule: LearningRateSchedule(peak: 3e-3, warmupSteps: 10, totalSteps: 300),
            adam: .init(weightDecay: 0), seed: 1)
        let trainer = Trainer(params: params, source: CountingSource(seqLen: 7, vocab: 8), settings: settings)
        for _ in 0..<settings.steps { _ = trainer.runStep() }
        return Transformer(params: params, maxRows: 512)
    }()

    static let sequences: [(tokens: [Int32], prefix: Int)] = [
        ([2, 3, 4, 5, 6, 7, 0], 0),  // on-pattern, unconditional
        ([5, 1, 6, 6, 2, 0, 3], 0),  // off-pattern
        ([1, 2, 3, 4, 5, 6, 7], 2)  // conditional on a 2-token prompt
    ]

    @Test func exactEnumerationEqualsTheAnyOrderAutoregressiveAverage() {
        let evaluator = ELBOEvaluator(model: Self.trained)
        let sequence: [Int32] = [3, 4, 1, 6, 7]
        let prefix = 1
        let L = sequence.count - prefix
        // NLL of each of the L! generation orders, scoring one token per step with the rest masked.
        var orders: [[Int]] = [[]]
        for _ in 0..<L { orders = orders.flatMap { o in (0..<L).filter { !o.contains($0) }.map { o + [$0] } } }
        let maskId = Int32(Self.trained.config.maskTokenId)
        var total = 0.0
        for order in orders {
            for (i, position) in order.enumerated() {
                // Positions order[i...] are masked; order[i] is scored.
                var tokens = sequence
                for j in order[i...] { tokens[j + prefix] = maskId }
                var weights = [Float](repeating: 0, count: sequence.count)
                var slots = [Int32](repeating: -1, count: sequence.count)
                weights[position + prefix] = 1
                slots[position + prefix] = 0
                let row = MaskedBatch(
                    input: TokenBatch(tokens: tokens, batch: 1, seqLen: sequence.count), targets: sequence,
                    weights: weights, slots: slots, estimates: 1)
                total += evaluator.score(row)[0]
            }
        }
        let aoarm = total / Double(orders.count)
        let exact = evaluator.exact(sequence: sequence, prefixLength: prefix)
        #expect(abs(aoarm - exact) < 1e-4 * exact, "AO-ARM \(aoarm) vs exact \(exact)")
    }

    @Test(arguments: ELBOEstimator.allCases)
    func estimatorIsUnbiasedAgainstTheExactValue(estimator: ELBOEstimator) {
        let evaluator = ELBOEvaluator(model: Self.trained)
        for (index, s) in Self.sequences.enumerated() {
            let exact = evaluator.exact(sequence: s.tokens, prefixLength: s.prefix)
            let r = evaluator.estimate(
                sequence: s.tokens, prefixLength: s.prefix, estimator: estimator, units: 400,
                group: 4, seed: UInt64(100 + index))
            #expect(
                abs(r.nelbo - exact) <= 3.5 * r.standardError,
                "\(estimator) on sequence \(index): \(r.nelbo) ± \(r.standardError) vs exact \(exact)")
            #expect(r.standardError > 0 && r.standardError < 0.5 * exact)
            #expect(r.units == 400 && r.tokens == s.tokens.count - s.prefix)
        }
    }

    @Test func theModelLearnedThePattern() {
        let evaluator = ELBOEvaluator(model: Self.trained)
        let on = evaluator.exact(sequence: Self.sequences[0].tokens)
        let off = evaluator.exact(sequence: Self.sequences[1].tokens)
        #expect(on < 0.5 * off, "on-pattern \(on) nats should be far below off-pattern \(off)")
    }

    @Test func unitsAreReproducibleAndIndependentOfBatching() {
        let evaluator = ELBOEvaluator(model: Self.trained)
        let s = Self.sequences[1].tokens
        let whole = evaluator.estimate(sequence: s, estimator: .espo, units: 12, group: 2, seed: 9)
        var mean = RunningMean()
        var rows = 0
        for start in stride(from: 0, to: 12, by: 5) {
            evaluator.accumulate(
                into: &mean, networkRows: &rows, sequence: s, prefixLength: 0, estimator: .espo,
                units: start..<min(start + 5, 12), group: 2, seed: 9)
        }
        // Same masks; only GEMM rounding may differ with the batch shape.
        #expect(abs(mean.mean - whole.nelbo) < 1e-5 * whole.nelbo && rows == whole.networkRows)
        #expect(whole.networkRows <= 12 * 4)
    }

    @Test func runningMeanMatchesTwoPassFormulas() {
        let xs = [3.0, 1.5, 4.25, -2, 0.5, 9]
        var m = RunningMean()
        xs.forEach { m.add($0) }
        let mean = xs.reduce(0, +) / 6
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5
        #expect(abs(m.mean - mean) < 1e-12 && abs(m.variance - variance) < 1e-12)
        #expect(abs(m.standardError - (variance / 6).squareRoot()) < 1e-12)
    }
}
