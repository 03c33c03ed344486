import Testing

@testable import MaskedDiffusion

/// Properties every strategy must keep, on a tiny random model.
@Suite(.serialized) struct SamplerInvariantTests {
    init() { BLAS.setThreads(1) }

    let V = SamplingFixtures.modelConfig.vocabSize

    func run(_ config: SamplerConfig, seed: UInt64, problem: SamplingProblem? = nil) throws -> Trajectory {
        let p = problem ?? SamplingProblem(rows: 3, prompt: SamplingFixtures.prompt)
        return try makeSampler(model: SamplingFixtures.model(), config: config, problem: p, seed: seed).run()
    }

    @Test(arguments: SamplingStrategy.allCases)
    func promptAndCommittedTokensNeverChange(_ strategy: SamplingStrategy) throws {
        let t = try run(SamplingFixtures.config(strategy), seed: 3)
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
        #expect(!t.steps.isEmpty)
        let indices = t.steps.map(\.index)
        #expect(indices == indices.sorted() && Set(indices).count == indices.count)
    }

    @Test(arguments: SamplingStrategy.allCases)
    func fixedTokensAreKeptAndNeverResampled(_ strategy: SamplingStrategy) throws {
        let problem = SamplingProblem(
            rows: 2, prompt: SamplingFixtures.prompt,
            fixed: [FixedToken(offset: 0, token: 7), FixedToken(offset: 5, token: 9)])
        let t = try run(SamplingFixtures.config(strategy), seed: 4, problem: problem)
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
        for row in t.finalTokens { #expect(row[3] == 7 && row[8] == 9) }
        let committed = t.steps.flatMap { $0.rows.flatMap { $0.commits.map(\.position) } }
        #expect(!committed.contains(3) && !committed.contains(8))
    }

    @Test(arguments: SamplingStrategy.allCases)
    func equalSeedsGiveEqualTrajectories(_ strategy: SamplingStrategy) throws {
        let config = SamplingFixtures.config(strategy)
        let a = try run(config, seed: 21), b = try run(config, seed: 21), c = try run(config, seed: 22)
        #expect(a == b)
        #expect(a.steps.map { $0.rows.map(\.tokens) } != c.steps.map { $0.rows.map(\.tokens) })
    }

    /// With temperature 0 the only randomness left is *where* RADD and eMIGM reveal; LLaDA's
    /// low-confidence order and the ordered sampler's left-to-right order use none.
    @Test(arguments: [SamplingStrategy.llada, .threshold, .raddOrdered])
    func greedyIsDeterministicAcrossSeeds(_ strategy: SamplingStrategy) throws {
        let config = SamplingFixtures.config(strategy, temperature: 0)
        let a = try run(config, seed: 1), b = try run(config, seed: 999)
        #expect(a.steps == b.steps)
    }

    @Test func greedyTokensMatchTheArgmaxOfTheRecordedCandidates() throws {
        for strategy in SamplingStrategy.allCases {
            let t = try run(SamplingFixtures.config(strategy, temperature: 0), seed: 5)
            for c in t.steps.flatMap({ $0.rows.flatMap(\.commits) }) {
                #expect(c.candidates.first?.token == c.token, "\(strategy)")
                #expect(c.candidates.count == 5 && abs(c.candidates[0].probability - c.confidence) < 1e-6)
            }
        }
    }

    @Test func nfeCountsEveryEvaluatedRow() throws {
        for strategy in SamplingStrategy.allCases {
            let s = try makeSampler(
                model: SamplingFixtures.model(), config: SamplingFixtures.config(strategy),
                problem: SamplingProblem(rows: 3, prompt: SamplingFixtures.prompt), seed: 8)
            var last: TrajectoryStep?
            while let step = s.step() { last = step }
            #expect(last!.rows.map(\.nfe).reduce(0, +) == s.statistics.networkRows, "\(strategy)")
            #expect(s.statistics.forwardSeconds > 0 && s.statistics.stepSeconds >= s.statistics.forwardSeconds)
        }
    }

    @Test func invalidInputsAreRejectedWithReasons() {
        var c = SamplingFixtures.config(.llada)
        c.generationLength = 40
        c.blockLength = nil
        #expect(throws: SamplerError.invalidProblem(["prompt (3) + generation_length (40) exceeds the model's 40 positions"])) {
            try makeSampler(
                model: SamplingFixtures.model(), config: c, problem: SamplingProblem(rows: 1, prompt: SamplingFixtures.prompt),
                seed: 0)
        }
        c = SamplingFixtures.config(.llada)
        c.steps = 0
        #expect(throws: SamplerError.self) {
            try makeSampler(model: SamplingFixtures.model(), config: c, problem: SamplingProblem(rows: 1), seed: 0)
        }
        #expect(
            throws: SamplerError.invalidProblem([
                "prompt of row 0 has a token outside 0..<13 that is not the mask (13, the null class)"
            ])
        ) {
            try makeSampler(
                model: SamplingFixtures.model(), config: SamplingFixtures.config(.llada),
                problem: SamplingProblem(rows: 1, prompt: [1, 14]), seed: 0)
        }
    }

    /// The mask id may stand in a prompt (an image model's null class: an unconditional sample);
    /// it stays there, and every generated position is filled.
    @Test(arguments: SamplingStrategy.allCases) func aMaskInThePromptStaysAndTheRestIsFilled(_ strategy: SamplingStrategy) throws
    {
        let mask = Int32(SamplingFixtures.modelConfig.vocabSize)
        let s = try makeSampler(
            model: SamplingFixtures.model(), config: SamplingFixtures.config(strategy),
            problem: SamplingProblem(rows: 2, prompt: [mask, 2]), seed: 5)
        var last: TrajectoryStep?
        while let step = s.step() { last = step }
        for row in try #require(last).rows {
            #expect(row.tokens.prefix(2) == [mask, 2], "\(strategy)")
            #expect(!row.tokens.dropFirst(2).contains(mask), "\(strategy)")
        }
    }
}

@Suite(.serialized) struct SamplerBatchingTests {
    init() { BLAS.setThreads(1) }

    /// A model that fits only two sequences per call gives the same greedy trajectory in more calls.
    @Test(arguments: [SamplingStrategy.llada, .radd, .emigm])
    func rowsSplitOverSeveralCallsGiveTheSameTokens(_ strategy: SamplingStrategy) throws {
        var c = SamplingFixtures.config(strategy, temperature: 0)
        c.cfgScale = strategy == .radd ? 0 : 1.5
        let problem = SamplingProblem(rows: 5, prompt: SamplingFixtures.prompt)
        let wide = try makeSampler(model: SamplingFixtures.model(), config: c, problem: problem, seed: 3)
        let narrow = try makeSampler(model: SamplingFixtures.model(maxRows: 2 * 15), config: c, problem: problem, seed: 3)
        let a = wide.run(), b = narrow.run()
        #expect(a.steps.map { $0.rows.map(\.tokens) } == b.steps.map { $0.rows.map(\.tokens) })
        #expect(narrow.statistics.networkCalls > wide.statistics.networkCalls)
        #expect(narrow.statistics.networkRows == wide.statistics.networkRows)
    }
}
