import Testing

@testable import MaskedDiffusion

/// `SamplerConfig.plan()` predicts what a sampler does; these compare it with real runs.
struct SamplingPlanTests {
    private func run(_ config: SamplerConfig, rows: Int = 1, seed: UInt64 = 3) throws -> Trajectory {
        let model = SamplingFixtures.model()
        let problem = SamplingProblem(rows: rows, prompt: SamplingFixtures.prompt)
        return try makeSampler(model: model, config: config, problem: problem, seed: seed).run()
    }

    private func maskedCounts(_ t: Trajectory, row: Int = 0) -> [Double] {
        let mask = Int32(SamplingFixtures.modelConfig.vocabSize)
        let p = t.header.problem.promptLength
        let count = { (tokens: [Int32]) in Double(tokens[p...].filter { $0 == mask }.count) }
        return [count(t.header.initialTokens[row])] + t.steps.map { count($0.rows[row].tokens) }
    }

    /// (10, 9, 4): blocks of 4, 4, 2 get 3 steps each, so the partial block takes 2 (the sampler
    /// skips a step that would commit nothing; the plan once counted it).
    @Test(arguments: [(12, 6, 4), (12, 12, nil), (10, 7, 4), (12, 5, 3), (10, 9, 4), (7, 7, 3)] as [(Int, Int, Int?)])
    func lladaPlanIsTheMaskedCountOfEveryStep(length: Int, steps: Int, block: Int?) throws {
        var c = SamplingFixtures.config(.llada)
        c.generationLength = length
        c.steps = steps
        c.blockLength = block
        let plan = c.plan()
        let t = try run(c)
        #expect(plan.masked == maskedCounts(t))
        #expect(plan.nfe == Double(t.steps.last!.rows[0].nfe))
        #expect(plan.certainty == .exact)
        #expect(plan.steps == t.steps.count)
    }

    /// Threshold decoding ignores `steps`: its plan is a bound from the generation length that every
    /// run keeps, reached when no confidence passes (one commit a step). The plan once used `steps`.
    @Test(arguments: [0.99, 0.3, 0.05])
    func thresholdPlanIsABoundEveryRunKeeps(threshold: Double) throws {
        var c = SamplingFixtures.config(.threshold)
        c.threshold = threshold
        c.steps = 3
        let plan = c.plan()
        #expect(plan.certainty == .atMost)
        for seed in 0..<5 {
            let t = try run(c, rows: 2, seed: UInt64(seed))
            for row in 0..<2 {
                #expect(Double(t.steps.last!.rows[row].nfe) <= plan.nfe)
                #expect(t.steps.count <= plan.steps)
            }
            if threshold == 0.99 { #expect(Double(t.steps.last!.rows[0].nfe) == plan.nfe, "the bound is reached") }
        }
    }

    /// The case: eMIGM guided on (0.1, 1] over 16 steps. The sampler guides the step to s
    /// when 0.1 < s ≤ 1 — 14 of 16 steps — so 30 evaluations; the plan once said 31 on [min, max] of t.
    @Test func guidedEMIGMPlanIsTheRunsNFE() throws {
        var c = SamplerConfig.defaults(for: .emigm)
        c.generationLength = 24
        c.steps = 16
        c.cfgScale = 2
        c.cfgTimeMin = 0.1
        c.cfgTimeMax = 1
        let plan = c.plan()
        #expect(plan.nfe == 30)
        #expect((0..<16).filter(c.guidesStep).count == 14)
        for seed in 0..<5 {
            let t = try run(c, seed: UInt64(seed))
            #expect(Double(t.steps.last!.rows[0].nfe) == plan.nfe)
        }
    }

    @Test func guidanceDoublesThePlannedNFE() {
        var c = SamplingFixtures.config(.llada)
        let plain = c.plan().nfe
        c.cfgScale = 1
        #expect(c.plan().nfe == 2 * plain)
    }

    @Test func emigmPlanMatchesTheMeanMaskedCountOverSeeds() throws {
        var c = SamplingFixtures.config(.emigm)
        c.generationLength = 24
        c.steps = 6
        c.maskSchedule = .cosine
        let plan = c.plan()
        var mean = [Double](repeating: 0, count: plan.masked.count)
        let seeds = 200
        for seed in 0..<seeds {
            let counts = maskedCounts(try run(c, seed: UInt64(seed)))
            for i in counts.indices { mean[i] += counts[i] / Double(seeds) }
        }
        #expect(plan.masked.last == 0)
        for i in plan.masked.indices {
            #expect(abs(mean[i] - plan.masked[i]) < 0.6, "step \(i): \(mean[i]) vs \(plan.masked[i])")
        }
    }

    @Test func raddPlanNFEIsRADDsExpectedNFEForUniformReveals() {
        var c = SamplingFixtures.config(.radd)
        c.generationLength = 12
        c.steps = 20
        c.revealRule = .tweedie
        let n = 20.0, L = 12.0
        // Tweedie on the linear schedule reveals each token at a uniform step (up to ε = 10⁻³).
        #expect(abs(c.plan().nfe - n * (1 - _pow(1 - 1 / n, L))) < 0.05)
        #expect(c.plan().masked.last! < 1e-9)
    }

    @Test func predictionsAreTheSoftmaxAtMaskedPositionsOnly() {
        let model = SamplingFixtures.model()
        let mask = Int32(SamplingFixtures.modelConfig.maskTokenId)
        let tokens: [Int32] = [1, 2, 3, mask, 5, mask]
        let predictions = model.predictions(tokens: tokens, maskId: mask, k: 3)
        #expect(predictions.map(\.count) == [0, 0, 0, 3, 0, 3])
        for list in predictions where !list.isEmpty {
            #expect(list.map(\.probability) == list.map(\.probability).sorted(by: >))
            #expect(list.allSatisfy { $0.token != mask && $0.probability > 0 && $0.probability < 1 })
        }
        // The same numbers as a full softmax of the network's logits.
        let V = SamplingFixtures.modelConfig.vocabSize
        let logits = Tensor(shape: [tokens.count, V])
        model.forward(TokenBatch(tokens: tokens, batch: 1, seqLen: tokens.count), into: logits)
        let row = (0..<V).map { Double(logits.data[3 * V + $0]) }
        let z = row.map { _exp($0 - row.max()!) }.reduce(0, +)
        let best = row.indices.max { row[$0] < row[$1] }!
        #expect(Int(predictions[3][0].token) == best)
        #expect(abs(Double(predictions[3][0].probability) - _exp(row[best] - row.max()!) / z) < 1e-4)
    }
}

/// Inference networks: sized to the sequence in use and reused between jobs.
struct NetworkPoolTests {
    @Test func aPooledNetworkIsReusedForTheSameShapeAndNotShared() {
        let params = TestModels.randomParameters(SamplingFixtures.modelConfig, seed: 1, std: 0.5)
        let pool = NetworkPool(params: params)
        let first = pool.with(rows: 2, seqLen: 15) { ObjectIdentifier($0) }
        let again = pool.with(rows: 2, seqLen: 15) { ObjectIdentifier($0) }
        #expect(first == again)
        // Two jobs of one shape at once get two networks.
        let (outer, inner) = pool.with(rows: 2, seqLen: 15) { a in
            (ObjectIdentifier(a), pool.with(rows: 2, seqLen: 15) { ObjectIdentifier($0) })
        }
        #expect(outer != inner)
        #expect(pool.idleCount == 2)
        let other = pool.with(rows: 2, seqLen: 9) { $0 }
        #expect(other.maxSeqLen == 9 && other.maxRows == 18 && other.forwardOnly)
        // Stepping through many shapes keeps only the most recent few.
        for length in 1...12 { pool.with(rows: 1, seqLen: length) { _ in } }
        #expect(pool.idleCount == 4)
        let reused = pool.with(rows: 1, seqLen: 12) { ObjectIdentifier($0) }
        #expect(reused == pool.with(rows: 1, seqLen: 12) { ObjectIdentifier($0) })
    }

    /// A forward-only network sized to the sequence gives the logits of the full-size one.
    @Test func aSequenceSizedForwardOnlyNetworkComputesTheSameLogits() {
        let params = TestModels.randomParameters(SamplingFixtures.modelConfig, seed: 3, std: 0.5)
        let full = Transformer(params: params, maxRows: 2 * 40, forwardOnly: true)
        let small = Transformer(params: params, maxRows: 2 * 12, maxSeqLen: 12, forwardOnly: true)
        let tokens: [Int32] = (0..<24).map { Int32($0 % 13) }
        let batch = TokenBatch(tokens: tokens, batch: 2, seqLen: 12)
        let a = Tensor(shape: [24, 13]), b = Tensor(shape: [24, 13])
        full.forward(batch, into: a)
        small.forward(batch, into: b)
        for i in 0..<(24 * 13) { #expect(a.data[i] == b.data[i]) }
    }
}
