import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct LLaDASamplerTests {
    init() { BLAS.setThreads(1) }

    let V = SamplingFixtures.modelConfig.vocabSize

    func run(_ config: SamplerConfig, rows: Int = 2, seed: UInt64 = 1) throws -> Trajectory {
        try makeSampler(
            model: SamplingFixtures.model(), config: config,
            problem: SamplingProblem(rows: rows, prompt: SamplingFixtures.prompt), seed: seed
        ).run()
    }

    /// Blocks 4, 4, 4, 2 (a trailing partial block) with 7 steps spread 2, 2, 2, 1.
    @Test(arguments: [(12, 4, 6), (14, 4, 7), (12, 12, 5), (12, 4, 7), (10, 3, 10)])
    func perStepQuotasSumToTheBlockLength(_ shape: (gen: Int, block: Int, steps: Int)) throws {
        var c = SamplingFixtures.config(.llada, temperature: 1)
        c.generationLength = shape.gen
        c.blockLength = shape.block
        c.steps = shape.steps
        let t = try run(c)
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
        let blocks = (shape.gen + shape.block - 1) / shape.block
        let stepsPerBlock = TransferQuota.split(shape.steps, steps: blocks)
        var expected: [(block: Int, quota: Int)] = []
        for b in 0..<blocks {
            let length = Swift.min(shape.block, shape.gen - b * shape.block)
            expected += TransferQuota.split(length, steps: stepsPerBlock[b]).filter { $0 > 0 }.map { (b, $0) }
        }
        #expect(t.steps.count == expected.count)
        for (step, e) in zip(t.steps, expected) {
            for row in step.rows {
                #expect(row.block == e.block && row.commits.count == e.quota)
                let lo = 3 + e.block * shape.block
                #expect(row.commits.allSatisfy { $0.position >= lo && $0.position < lo + shape.block })
            }
        }
        for row in 0..<2 {
            for b in 0..<blocks {
                let committed = t.steps.filter { $0.rows[row].block == b }.map { $0.rows[row].commits.count }.reduce(0, +)
                #expect(committed == Swift.min(shape.block, shape.gen - b * shape.block))
            }
        }
    }

    @Test func lowConfidenceCommitsTheMostConfidentProposals() throws {
        var c = SamplingFixtures.config(.llada, temperature: 0)
        c.blockLength = nil
        let t = try run(c)
        // Greedy proposals: a committed token's confidence is its max probability; each step
        // commits in decreasing confidence.
        for step in t.steps {
            for row in step.rows {
                let conf = row.commits.map(\.confidence)
                #expect(conf == conf.sorted(by: >))
            }
        }
    }

    @Test func guidedLogitsAreUPlusWPlusOneTimesCMinusU() throws {
        let model = SamplingFixtures.model()
        var c = SamplingFixtures.config(.llada)
        c.cfgScale = 2
        let problem = SamplingProblem(prompts: [[1, 2, 3], [4, 5, 6]])
        let core = try SamplingCore(network: LogitsSource(model), config: c, problem: problem, seed: 0, start: nil)
        core.tokens[5] = 7  // a committed token in row 0 stays visible to both passes
        core.evaluate([0, 1], guidance: 2)
        let n = 15
        let cond = Tensor(shape: [2 * n, V]), uncond = Tensor(shape: [2 * n, V])
        model.forward(TokenBatch(tokens: core.tokens, batch: 2, seqLen: n), into: cond)
        var masked = core.tokens
        for r in 0..<2 { for i in 0..<3 { masked[r * n + i] = Int32(V) } }
        model.forward(TokenBatch(tokens: masked, batch: 2, seqLen: n), into: uncond)
        // Samplers read (and the core stores) the logits of masked positions only.
        var worst: Float = 0, compared = 0
        for p in 0..<(2 * n) where core.tokens[p] == Int32(V) {
            for k in p * V..<(p + 1) * V {
                worst = Swift.max(worst, abs(core.rowLogits[k] - (uncond[k] + 3 * (cond[k] - uncond[k]))))
            }
            compared += 1
        }
        #expect(compared == 2 * 12 - 1)
        #expect(worst < 1e-4)
        #expect(core.nfe == [2, 2])
    }

    @Test func guidanceWeightZeroIsNoGuidance() throws {
        var off = SamplingFixtures.config(.llada, temperature: 0)
        off.cfgScale = 0
        var tiny = off
        tiny.cfgScale = 1e-30  // takes the guided path; (w + 1) rounds to 1 in Float
        let a = try run(off), b = try run(tiny)
        #expect(a.steps.map { $0.rows.map(\.tokens) } == b.steps.map { $0.rows.map(\.tokens) })
        #expect(a.steps.last!.rows[0].nfe == off.steps)
        #expect(b.steps.last!.rows[0].nfe == 2 * off.steps)
    }

    /// Even positions propose EOS with probability 0.9, odd ones token 0 with probability 0.6.
    func eosProblem(_ configure: (inout SamplerConfig) -> Void) throws -> Trajectory {
        let vocab = 6
        let source = SamplingFixtures.source(vocab: vocab) { i in
            var z = [Float](repeating: 0, count: vocab)
            if i % 2 == 0 {
                z[5] = SamplingFixtures.logit(probability: 0.9, vocab: vocab)
            } else {
                z[0] = SamplingFixtures.logit(probability: 0.6, vocab: vocab)
            }
            return z
        }
        var c = SamplerConfig()
        c.generationLength = 8
        c.steps = 8
        c.eosTokenIds = [5]
        configure(&c)
        let core = try SamplingCore(network: source, config: c, problem: SamplingProblem(rows: 1), seed: 0, start: nil)
        return makeSampler(core).run()
    }

    @Test func eosConfidenceLastCommitsEOSAfterEverythingElse() throws {
        let order = { (t: Trajectory) in t.steps.map { $0.rows[0].commits[0].position } }
        #expect(order(try eosProblem { _ in }) == [0, 2, 4, 6, 1, 3, 5, 7])
        let last = try eosProblem { $0.eosConfidenceLast = true }
        #expect(order(last) == [1, 3, 5, 7, 0, 2, 4, 6])
        #expect(last.finalTokens[0] == [5, 0, 5, 0, 5, 0, 5, 0])
        let forbidden = try eosProblem { $0.forbidEOS = true }
        #expect(!forbidden.finalTokens[0].contains(5))
    }

    /// Position 0: two equal favourites (high top-1, zero margin, low entropy); position 1: one
    /// clear favourite with slightly lower top-1.
    @Test(arguments: [(Remasking.lowConfidence, 0), (.margin, 1), (.entropy, 0)])
    func remaskingScoresOrderTheCommits(_ rule: Remasking, first: Int) throws {
        let vocab = 6
        let source = SamplingFixtures.source(vocab: vocab) { i in
            i == 0 ? [4, 4, 0, 0, 0, 0] : [1.5, 0, 0, 0, 0, 0]
        }
        var c = SamplerConfig()
        c.generationLength = 2
        c.steps = 2
        c.remasking = rule
        let core = try SamplingCore(network: source, config: c, problem: SamplingProblem(rows: 1), seed: 0, start: nil)
        let t = makeSampler(core).run()
        #expect(t.steps[0].rows[0].commits.map(\.position) == [first])
    }
}

@Suite(.serialized) struct ThresholdSamplerTests {
    init() { BLAS.setThreads(1) }

    /// Confidences 0.95, 0.5, 0.97, 0.3 with threshold 0.9: both confident positions at once, then
    /// one position per step (the best) when none passes.
    @Test func commitsEveryPositionAboveTheThresholdAndAtLeastOne() throws {
        let vocab = 6
        let confidence = [0.95, 0.5, 0.97, 0.3]
        let source = SamplingFixtures.source(vocab: vocab) { i in
            var z = [Float](repeating: 0, count: vocab)
            z[0] = SamplingFixtures.logit(probability: confidence[i], vocab: vocab)
            return z
        }
        var c = SamplerConfig.defaults(for: .threshold)
        c.generationLength = 4
        c.threshold = 0.9
        let core = try SamplingCore(network: source, config: c, problem: SamplingProblem(rows: 2), seed: 0, start: nil)
        let t = makeSampler(core).run()
        #expect(t.steps.map { $0.rows[1].commits.map(\.position) } == [[2, 0], [1], [3]])
        #expect(t.steps.map(\.index) == [0, 1, 2])
        #expect(abs(t.steps[0].rows[0].commits[0].confidence - 0.97) < 1e-5)
    }

    /// Rows finish their blocks independently; each step commits at least one token per active row.
    @Test func rowsAdvanceThroughBlocksOnTheirOwn() throws {
        var c = SamplingFixtures.config(.threshold)
        c.threshold = 0.2
        let t = try makeSampler(
            model: SamplingFixtures.model(), config: c,
            problem: SamplingProblem(rows: 4, prompt: SamplingFixtures.prompt), seed: 2
        ).run()
        #expect(SamplingFixtures.violation(t, vocab: SamplingFixtures.modelConfig.vocabSize) == nil)
        for step in t.steps {
            for row in step.rows where !row.commits.isEmpty {
                let lo = 3 + 4 * row.block
                #expect(row.commits.allSatisfy { $0.position >= lo && $0.position < lo + 4 })
                #expect(row.commits.dropFirst().allSatisfy { $0.confidence > 0.2 })
            }
        }
        #expect(t.steps.count < 12)
    }
}
