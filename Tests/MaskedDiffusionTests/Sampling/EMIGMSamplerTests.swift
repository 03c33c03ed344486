import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct EMIGMSamplerTests {
    init() { BLAS.setThreads(1) }

    /// Flat logits: the counts do not depend on the network.
    static func flat() -> LogitsSource {
        SamplingFixtures.source(vocab: 5, maxSeqLen: 2048) { _ in [Float](repeating: 0, count: 5) }
    }

    func sampler(
        _ configure: (inout SamplerConfig) -> Void, rows: Int = 1, seed: UInt64,
        prompt: [Int32] = [1]
    ) throws -> any Sampler {
        var c = SamplerConfig.defaults(for: .emigm)
        c.generationLength = 48
        configure(&c)
        let core = try SamplingCore(
            network: EMIGMSamplerTests.flat(), config: c, problem: SamplingProblem(rows: rows, prompt: prompt),
            seed: seed, start: nil)
        return makeSampler(core)
    }

    /// Each step reveals Binomial(m, 1 − γ(s)/γ(t)) of the m masks (at least one, all at the
    /// last step); over 300 runs the total revealed matches Σ E[count | m] within 4 standard errors.
    @Test(arguments: [MaskSchedule.linear, .cosine, .exp(rate: 5)])
    func revealCountsFollowTheScheduleRatio(_ schedule: MaskSchedule) throws {
        let K = 6
        var excess = 0.0, variance = 0.0, expectedTotal = 0.0
        for seed in 0..<300 {
            let s = try sampler(
                {
                    $0.maskSchedule = schedule; $0.steps = K
                }, seed: UInt64(seed))
            var masked = 48
            var k = 0
            while let step = s.step() {
                let count = step.rows[0].commits.count
                if k < K - 1 {
                    let grid = { (j: Int) in 1 - Double(j) * (1 - 1e-5) / Double(K) }
                    let p = 1 - schedule.gamma(grid(k + 1)) / schedule.gamma(grid(k))
                    let expected = Double(masked) * p + _pow(1 - p, Double(masked))
                    excess += Double(count) - expected
                    variance += Double(masked) * p * (1 - p)
                    expectedTotal += expected
                } else {
                    #expect(count == masked)
                }
                masked -= count
                k += 1
            }
            #expect(masked == 0)
        }
        let z = excess / variance.squareRoot()
        print("eMIGM \(schedule.name): revealed − expected = \(excess) of \(expectedTotal), z = \(z)")
        #expect(abs(z) < 4)
    }

    @Test func everyRowRevealsTheSameCount() throws {
        let s = try sampler(
            {
                $0.steps = 8; $0.maskSchedule = .cosine
            }, rows: 5, seed: 3)
        var steps = 0
        while let step = s.step() {
            #expect(Set(step.rows.map(\.commits.count)).count == 1)
            steps += 1
        }
        #expect(steps == 8)
    }

    /// The paper's accounting: 16 steps with guidance on (0.1, 0.3] → 16 × 1.1875 = 19 ("16×1.2");
    /// 128 steps on (0.18, 0.6] → 181 ("128×1.4").
    @Test(arguments: [(16, 0.1, 0.3, 19), (128, 0.18, 0.6, 181), (16, 0.0, 1.0, 32)])
    func nfeCountsGuidedStepsTwice(_ steps: Int, _ lo: Double, _ hi: Double, _ nfe: Int) throws {
        let s = try sampler(
            {
                $0.steps = steps
                $0.generationLength = 8 * steps  // enough masks to last every step
                $0.cfgScale = 3
                $0.cfgTimeMin = lo
                $0.cfgTimeMax = hi
                $0.maskSchedule = .linear
            }, rows: 2, seed: 1, prompt: [2])
        var last: TrajectoryStep?
        var count = 0
        while let step = s.step() { last = step; count += 1 }
        #expect(count == steps)
        #expect(last!.rows.map(\.nfe) == [nfe, nfe])
        #expect(s.statistics.networkRows == 2 * nfe)
    }
}
