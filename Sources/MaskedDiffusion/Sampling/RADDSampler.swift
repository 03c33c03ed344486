/// RADD's `DiffusionSampler` (docs/methods.md §2.5): on the grid t_i = 1 − i·dt, dt = (1 − 10⁻⁵)/n,
/// each masked token is revealed with probability r(t_i) (1 at the last step) and its value drawn
/// from the network's conditional, optionally top-k / top-p truncated (the mask is never a value).
///
/// Sampling from the categorical over [r·q(v) for real tokens v, 1 − r for staying masked] is the
/// same as revealing with probability r and then drawing v ~ q, which is how it is done here.
/// Caching: a row is evaluated only when its tokens changed since its last evaluation (and it
/// still has masks), so its NFE counts distinct states; with reveal steps uniform over n steps
/// the expected NFE of ℓ tokens is n(1 − (1 − 1/n)^ℓ) (RADD's E-NFE).
final class RADDSampler: CoreSampler {
    let core: SamplingCore
    private var scheduleStep = 0
    /// Rows whose tokens changed since their logits were computed.
    private var stale: [Bool]

    init(_ core: SamplingCore) {
        self.core = core
        stale = Array(repeating: true, count: core.rows)
    }

    func step() -> TrajectoryStep? { core.timed { nextStep() } }

    private func nextStep() -> TrajectoryStep? {
        let n = core.config.steps
        let live = (0..<core.rows).filter { core.maskedCount($0) > 0 }
        guard scheduleStep < n, !live.isEmpty else { return nil }
        let t = core.config.gridTime(scheduleStep), dt = core.config.gridStep
        let r = scheduleStep == n - 1 ? 1 : core.config.revealRule.probability(t: t, dt: dt)
        let index = core.nextIndex
        scheduleStep += 1

        let toRun = live.filter { stale[$0] }
        core.evaluate(toRun, guidance: 0)
        for row in toRun { stale[row] = false }
        var commits = [[Commit]](repeating: [], count: core.rows)
        for row in live {
            var reveal = core.rng(.sampling, row: row, step: index)
            var gumbel = core.rng(.gumbel, row: row, step: index)
            for i in core.promptLength..<core.seqLen where core.isMasked(row, i) && reveal.uniformDouble() < r {
                let lse = Softmax.logSumExp(core.logits(row, i), n: core.vocab)
                let token = core.propose(row, i, rng: &gumbel, lse: lse)
                commits[row].append(core.commit(row, i, token, lse: lse))
            }
            if !commits[row].isEmpty { stale[row] = true }
        }
        return core.record(t: t, commits: commits, blocks: Array(repeating: 0, count: core.rows))
    }
}
