import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct BranchingTests {
    init() { BLAS.setThreads(1) }

    let V = SamplingFixtures.modelConfig.vocabSize
    let problem = SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt, fixed: [FixedToken(offset: 2, token: 4)])

    @Test(arguments: SamplingStrategy.allCases)
    func branchKeepsCommittedTokensAndContinuesCounts(_ strategy: SamplingStrategy) throws {
        let model = SamplingFixtures.model()
        let original = try makeSampler(model: model, config: SamplingFixtures.config(.llada), problem: problem, seed: 1).run()
        let at = original.steps[2]
        let branch = try makeSampler(
            model: model, config: SamplingFixtures.config(strategy), problem: problem, seed: 99,
            start: SamplingStart(branchingFrom: at))
        var t = branch.run()
        #expect(t.header.initialTokens == at.rows.map(\.tokens) && t.header.initialNFE == at.rows.map(\.nfe))
        #expect(t.steps.first!.index == at.index + 1)
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
        for (r, row) in t.steps.last!.rows.enumerated() {
            #expect(row.nfe > at.rows[r].nfe)
            for i in at.rows[r].tokens.indices where at.rows[r].tokens[i] != Int32(V) {
                #expect(row.tokens[i] == at.rows[r].tokens[i])
            }
        }
        // The original's prefix followed by the branch is one consistent trajectory.
        t.steps = Array(original.steps[0...2]) + t.steps
        t.header = original.header
        #expect(SamplingFixtures.violation(t, vocab: V) == nil)
    }

    @Test func branchingWithTheSameConfigAndSeedIsReproducible() throws {
        let model = SamplingFixtures.model()
        let config = SamplingFixtures.config(.radd)
        let original = try makeSampler(model: model, config: config, problem: problem, seed: 1).run()
        let start = SamplingStart(branchingFrom: original.steps[1])
        let a = try makeSampler(model: model, config: config, problem: problem, seed: 5, start: start).run()
        let b = try makeSampler(model: model, config: config, problem: problem, seed: 5, start: start).run()
        #expect(a == b)
    }

    @Test func aStartThatChangesThePromptIsRejected() throws {
        let model = SamplingFixtures.model()
        let original = try makeSampler(model: model, config: SamplingFixtures.config(.llada), problem: problem, seed: 1).run()
        var start = SamplingStart(branchingFrom: original.steps[0])
        start.tokens[1][0] = 9
        #expect(throws: SamplerError.invalidStart("row 1 position 0 is prompt or fixed (1) but holds 9")) {
            try makeSampler(model: model, config: SamplingFixtures.config(.llada), problem: problem, seed: 1, start: start)
        }
    }
}
