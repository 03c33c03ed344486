import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct RADDSamplerTests {
    init() { BLAS.setThreads(1) }

    let V = SamplingFixtures.modelConfig.vocabSize

    /// docs/methods.md §2.5: with the log-linear schedule each token's reveal step is uniform over the
    /// n steps, and a cached row is evaluated once per distinct reveal step, so E-NFE(n, ℓ) =
    /// n(1 − (1 − 1/n)^ℓ). Every row is an independent run (its own RNG path).
    @Test(arguments: [(8, 16), (32, 24)])
    func cachedNFEMatchesTheExpectedFormula(_ n: Int, _ length: Int) throws {
        let runs = 400
        var c = SamplerConfig.defaults(for: .radd)
        c.generationLength = length
        c.steps = n
        let sampler = try makeSampler(
            model: SamplingFixtures.model(maxRows: runs * length), config: c,
            problem: SamplingProblem(rows: runs), seed: 2024)
        var last: TrajectoryStep?
        while let s = sampler.step() { last = s }
        let mean = Double(last!.rows.map(\.nfe).reduce(0, +)) / Double(runs)
        let expected = Double(n) * (1 - _pow(1 - 1 / Double(n), Double(length)))
        print("RADD cached NFE n=\(n) ℓ=\(length): measured \(mean) over \(runs) runs, formula \(expected)")
        #expect(abs(mean - expected) / expected < 0.03)
        #expect(!last!.rows.contains { $0.tokens.contains(Int32(V)) })
    }

    /// A row is evaluated at a step exactly when it changed since its last evaluation and still has masks.
    @Test func rowsAreEvaluatedOnlyWhenTheyChanged() throws {
        var c = SamplingFixtures.config(.radd)
        c.steps = 24
        let sampler = try makeSampler(
            model: SamplingFixtures.model(), config: c,
            problem: SamplingProblem(rows: 6, prompt: SamplingFixtures.prompt), seed: 9)
        var nfe = [Int](repeating: 0, count: 6)
        var changedBefore = [Bool](repeating: true, count: 6)
        var tokens = sampler.tokens
        var calls = 0
        while let step = sampler.step() {
            let anyRan = (0..<6).contains { changedBefore[$0] && tokens[$0].contains(Int32(V)) }
            for (r, row) in step.rows.enumerated() {
                let shouldRun = changedBefore[r] && tokens[r].contains(Int32(V))
                #expect(row.nfe - nfe[r] == (shouldRun ? 1 : 0))
                nfe[r] = row.nfe
                changedBefore[r] = !row.commits.isEmpty
                tokens[r] = row.tokens
            }
            if anyRan { calls += 1 }
            #expect(sampler.statistics.networkCalls == calls)
        }
        #expect(calls < 24)
    }

    @Test func topKOfOneIsGreedyAndTopPTruncates() throws {
        var greedy = SamplingFixtures.config(.radd, temperature: 0)
        greedy.steps = 12
        var k1 = greedy
        k1.temperature = 1
        k1.topK = 1
        let problem = SamplingProblem(rows: 3, prompt: SamplingFixtures.prompt)
        let a = try makeSampler(model: SamplingFixtures.model(), config: greedy, problem: problem, seed: 4).run()
        let b = try makeSampler(model: SamplingFixtures.model(), config: k1, problem: problem, seed: 4).run()
        #expect(a.steps.map { $0.rows.map(\.tokens) } == b.steps.map { $0.rows.map(\.tokens) })

        var nucleus = k1
        nucleus.topK = nil
        nucleus.topP = 0.5
        let t = try makeSampler(model: SamplingFixtures.model(), config: nucleus, problem: problem, seed: 4).run()
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
        for commit in t.steps.flatMap({ $0.rows.flatMap(\.commits) }) {
            // The drawn token lies inside the smallest top set reaching probability 0.5.
            var mass: Float = 0
            var inside: [Int32] = []
            for cand in commit.candidates where mass < 0.5 { inside.append(cand.token); mass += cand.probability }
            if mass >= 0.5 { #expect(inside.contains(commit.token)) }
        }
    }

    @Test func orderedSamplerRevealsOnePositionPerStepInOrder() throws {
        for order in GenerationOrder.allCases {
            var c = SamplingFixtures.config(.raddOrdered)
            c.order = order
            let t = try makeSampler(
                model: SamplingFixtures.model(), config: c,
                problem: SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt), seed: 6
            ).run()
            #expect(SamplingFixtures.violation(t, vocab: V) == nil)
            #expect(t.steps.count == 12)
            for r in 0..<2 {
                let positions = t.steps.map { $0.rows[r].commits.map(\.position) }
                #expect(positions.allSatisfy { $0.count == 1 })
                let flat = positions.flatMap { $0 }
                #expect(Set(flat) == Set(3..<15))
                if order == .leftToRight { #expect(flat == Array(3..<15)) } else { #expect(flat != Array(3..<15)) }
                #expect(t.steps.last!.rows[r].nfe == 12)
            }
        }
    }
}
