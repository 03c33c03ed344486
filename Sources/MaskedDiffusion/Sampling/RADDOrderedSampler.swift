/// RADD's `RADDOrderedSampler` (any-order autoregressive, docs/methods.md §2.5): each step reveals the next
/// position of a fixed order (left to right, or a random permutation per row), its value drawn
/// like RADD's (temperature, top-k / top-p). One evaluation per row per step.
final class RADDOrderedSampler: CoreSampler {
    let core: SamplingCore
    /// Masked positions of each row at the start, in reveal order.
    private let order: [[Int]]
    private var scheduleStep = 0

    init(_ core: SamplingCore) {
        self.core = core
        order = (0..<core.rows).map { r in
            var positions = core.maskedPositions(r, in: core.promptLength..<core.seqLen)
            if core.config.order == .random {
                // The permutation of a row is drawn once, from the step the run starts at.
                var rng = core.rng(.sampling, row: r, step: core.start.firstStep)
                positions.shuffle(using: &rng)
            }
            return positions
        }
    }

    func step() -> TrajectoryStep? { core.timed { nextStep() } }

    private func nextStep() -> TrajectoryStep? {
        let live = (0..<core.rows).filter { scheduleStep < order[$0].count }
        guard !live.isEmpty else { return nil }
        let t = core.maskedFraction
        let index = core.nextIndex
        core.evaluate(live, guidance: 0)
        var commits = [[Commit]](repeating: [], count: core.rows)
        for row in live {
            var gumbel = core.rng(.gumbel, row: row, step: index)
            let i = order[row][scheduleStep]
            let lse = Softmax.logSumExp(core.logits(row, i), n: core.vocab)
            let token = core.propose(row, i, rng: &gumbel, lse: lse)
            commits[row] = [core.commit(row, i, token, lse: lse)]
        }
        scheduleStep += 1
        return core.record(t: t, commits: commits, blocks: Array(repeating: 0, count: core.rows))
    }
}
