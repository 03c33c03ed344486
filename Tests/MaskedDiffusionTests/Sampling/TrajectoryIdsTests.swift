import Testing

@testable import MaskedDiffusion

/// Trajectories convert between engine ids and a Hugging Face folder's own ids at the file
/// boundary (`Trajectory+Ids`): every place that holds a token moves, and back again is the same.
@Suite(.serialized) struct TrajectoryIdsTests {
    init() { BLAS.setThreads(1) }

    @Test func everyTokenMovesAndComesBack() throws {
        var c = SamplingFixtures.config(.llada)
        c.eosTokenIds = [12]
        let s = try makeSampler(
            model: SamplingFixtures.model(), config: c,
            problem: SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt, fixed: [FixedToken(offset: 1, token: 3)]),
            seed: 77)
        let engine = s.run(model: "runs/tiny", tokenizer: "runs/tiny/tokenizer.json", kind: .text)
        // 13 real tokens + mask: the folder's mask is its row 1, so engine ids ≥ 1 (every prompt
        // and fixed token here) are one higher there.
        let map = TokenIdMap(rows: 14, fileMaskId: 1)
        let file = engine.inFileIds(map)
        #expect(file.header.maskTokenId == 1 && file.holdsFileIds(of: map) && !engine.holdsFileIds(of: map))
        let f = { (e: Int32) in Int32(map.fileId(engine: Int(e))) }
        #expect(file.header.initialTokens == engine.header.initialTokens.map { $0.map(f) })
        #expect(file.header.initialTokens.allSatisfy { $0.suffix(c.generationLength - 1).contains(1) })
        #expect(engine.header.problem.prompts.joined().allSatisfy { $0 >= 1 })
        #expect(file.header.problem.prompts == engine.header.problem.prompts.map { $0.map { $0 + 1 } })
        #expect(file.header.problem.fixed == [FixedToken(offset: 1, token: 4)])
        #expect(file.header.sampler.eosTokenIds == [13])  // engine 12 → file 13
        let (e0, f0) = (engine.steps[0].rows[0], file.steps[0].rows[0])
        #expect(f0.tokens == e0.tokens.map(f) && f0.commits.map(\.token) == e0.commits.map { f($0.token) })
        #expect(f0.commits[0].candidates.map(\.token) == e0.commits[0].candidates.map { f($0.token) })
        #expect(f0.beliefs?.map(\.token) == e0.beliefs?.map { f($0.token) })
        var back = file.inEngineIds(map)
        #expect(back.header.maskTokenId == nil)
        back.header.maskTokenId = engine.header.maskTokenId
        #expect(back == engine)
    }

    /// An id past the file's rows stays as it is, so the model's check names it (mapping it
    /// would have made it the engine's mask).
    @Test func idsPastTheRowsStay() {
        var t = Trajectory(
            header: TrajectoryHeader(
                model: "m", tokenizer: "", kind: .text, shape: [1, 2], sampler: SamplerConfig(), seed: 0,
                problem: SamplingProblem(rows: 1), initialTokens: [[4, 14]], initialNFE: [0]))
        t.header.maskTokenId = 4
        let engine = t.inEngineIds(TokenIdMap(rows: 14, fileMaskId: 4))
        #expect(engine.header.initialTokens == [[13, 14]])
        #expect(engine.problem(vocabSize: 13, maskId: 13)?.contains("id 14 is not a token of the model") == true)
    }
}
