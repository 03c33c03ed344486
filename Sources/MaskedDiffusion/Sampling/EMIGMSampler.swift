/// eMIGM's sampler (docs/methods.md §3.6) on discrete tokens: on the grid t_k = 1 − k(1 − 10⁻⁵)/K, the
/// step from t to s reveals a 1 − γ(s)/γ(t) fraction of the remaining masks (all at the last
/// step), at random positions, the same count in every row; values are drawn at the configured
/// temperature. Guidance is on only when cfgTimeMin < s ≤ cfgTimeMax, with weight w·g(u) where u
/// is the fraction revealed after the step; a guided step costs two evaluations, so the NFE is
/// K × (1 + fraction of guided steps) as the paper counts it.
///
/// The count comes from one Bernoulli(1 − γ(s)/γ(t)) draw per mask of the most-masked row (eMIGM
/// draws row 0's and permutes them into the other rows), at least one.
final class EMIGMSampler: CoreSampler {
    let core: SamplingCore
    private var scheduleStep = 0

    init(_ core: SamplingCore) { self.core = core }

    func step() -> TrajectoryStep? { core.timed { nextStep() } }

    private func nextStep() -> TrajectoryStep? {
        let c = core.config
        let masked = (0..<core.rows).map { core.maskedCount($0) }
        let reference = masked.max() ?? 0
        guard scheduleStep < c.steps, reference > 0 else { return nil }
        let t = c.gridTime(scheduleStep), s = c.gridTime(scheduleStep + 1)
        let last = scheduleStep == c.steps - 1
        let reveal = last ? 1 : 1 - c.maskSchedule.gamma(s) / c.maskSchedule.gamma(t)
        let index = core.nextIndex
        scheduleStep += 1

        var shared = RNG(seed: core.seed, stream: .sampling, path: [UInt64(index)])
        var count = 0
        for _ in 0..<reference where shared.uniformDouble() < reveal { count += 1 }
        count = Swift.max(count, 1)
        let guided = c.guidesStep(scheduleStep - 1)
        let revealed = 1 - Double(reference - count) / Double(c.generationLength)
        let live = (0..<core.rows).filter { masked[$0] > 0 }
        core.evaluate(live, guidance: guided ? c.cfgScale * c.guidanceSchedule.factor(revealed) : 0)

        var commits = [[Commit]](repeating: [], count: core.rows)
        for row in live {
            var choose = core.rng(.sampling, row: row, step: index)
            var gumbel = core.rng(.gumbel, row: row, step: index)
            var positions = core.maskedPositions(row, in: core.promptLength..<core.seqLen)
            let k = Swift.min(count, positions.count)
            for j in 0..<k {  // partial Fisher–Yates: a uniform k-subset, in draw order
                positions.swapAt(j, j + choose.int(below: positions.count - j))
                let i = positions[j]
                let lse = Softmax.logSumExp(core.logits(row, i), n: core.vocab)
                let token = core.propose(row, i, rng: &gumbel, lse: lse)
                commits[row].append(core.commit(row, i, token, lse: lse))
            }
        }
        return core.record(t: t, commits: commits, blocks: Array(repeating: 0, count: core.rows))
    }
}
