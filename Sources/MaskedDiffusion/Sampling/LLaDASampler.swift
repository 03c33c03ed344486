/// LLaDA `generate` and the adaptive parallel decoders that share its machinery — confidence
/// threshold (Fast-dLLM) and entropy-bounded (EB-Sampler): semi-autoregressive blocks over the
/// generated region, a proposal for every masked position of the current block, and a score that
/// decides which proposals are committed.
///
/// LLaDA commits a fixed quota per step (the block's masks split evenly over its steps, docs/methods.md
/// §1.4), ranked by the remasking score. The adaptive ones move each row to its next block when its
/// block is done, and commit at least the best proposal per step: threshold every proposal whose
/// probability exceeds `threshold`; EB the lowest-entropy proposals while Σ H − max H ≤ γ.
/// Blocks are visible to the network as masks (not block diffusion); a trailing partial block is allowed.
final class LLaDASampler: CoreSampler {
    let core: SamplingCore
    private let blockCount: Int
    /// LLaDA: steps of each block, and the schedule index of each block's first step.
    private let blockSteps: [Int]
    private let blockFirstStep: [Int]
    private var scheduleStep = 0
    private var proposals: [Proposal] = []
    /// With a cache: the block each row's cache was filled for, and the row's steps since.
    private var cachedBlock: [Int?]
    private var stepsSinceFill: [Int]

    private struct Proposal {
        var position: Int
        var token: Int
        var score: Double
        var lse: Float
        /// Entropy of the position's distribution (nats); computed for EB only.
        var entropy: Double
    }

    init(_ core: SamplingCore) {
        self.core = core
        blockCount = core.config.blockCount
        blockSteps = core.config.stepsPerBlock
        var first: [Int] = []
        var s = 0
        for n in blockSteps { first.append(s); s += n }
        blockFirstStep = first
        cachedBlock = Array(repeating: nil, count: core.rows)
        stepsSinceFill = Array(repeating: 0, count: core.rows)
    }

    /// Threshold and EB decoding commit as many as their rule allows, without a step schedule.
    private var isAdaptive: Bool { core.config.strategy == .threshold || core.config.strategy == .eb }

    /// Sequence positions of block b.
    private func blockRange(_ b: Int) -> Range<Int> {
        let offsets = core.config.blockOffsets(b)
        return (core.promptLength + offsets.lowerBound)..<(core.promptLength + offsets.upperBound)
    }

    func step() -> TrajectoryStep? { core.timed { nextStep() } }

    private func nextStep() -> TrajectoryStep? {
        while true {
            // quota[r]: tokens row r commits this step (−1: as many as pass the threshold; 0: none).
            var quota = [Int](repeating: 0, count: core.rows)
            var blocks = [Int](repeating: 0, count: core.rows)
            if isAdaptive {
                for r in 0..<core.rows {
                    guard let b = (0..<blockCount).first(where: { core.maskedCount(r, in: blockRange($0)) > 0 }) else { continue }
                    blocks[r] = b
                    quota[r] = -1
                }
            } else {
                guard scheduleStep < core.config.steps else { return nil }
                let b = blockFirstStep.lastIndex { $0 <= scheduleStep }!
                let remaining = blockFirstStep[b] + blockSteps[b] - scheduleStep
                for r in 0..<core.rows {
                    blocks[r] = b
                    quota[r] = TransferQuota.next(masked: core.maskedCount(r, in: blockRange(b)), remainingSteps: remaining)
                }
            }
            let index = core.nextIndex
            scheduleStep += 1
            let active = (0..<core.rows).filter { quota[$0] != 0 }
            if active.isEmpty {
                if isAdaptive { return nil }
                continue
            }
            let t = core.maskedFraction
            core.evaluate(active, guidance: core.config.cfgScale, cacheUses: cacheUses(active, blocks: blocks))
            var commits = [[Commit]](repeating: [], count: core.rows)
            for r in active { commits[r] = commitRow(r, block: blocks[r], quota: quota[r], step: index) }
            return core.record(t: t, commits: commits, blocks: blocks)
        }
    }

    /// How each active row's evaluation uses its cache (nil without one): a full pass that refills
    /// it at the row's first step in a block and at each refresh, else only the block's window.
    private func cacheUses(_ active: [Int], blocks: [Int]) -> [KVCacheUse]? {
        let c = core.config
        guard c.usesCache else { return nil }
        return active.map { r in
            let b = blocks[r]
            let since = cachedBlock[r] == b ? stepsSinceFill[r] : nil
            if c.refillsCache(stepsSinceFill: since) {
                cachedBlock[r] = b
                stepsSinceFill[r] = 1
                return .fill
            }
            stepsSinceFill[r] += 1
            return .window(c.cacheWindow(block: b, promptLength: core.promptLength))
        }
    }

    /// Proposes a token for every masked position of the row's block, scores the proposals and
    /// commits the best `quota` (or those above the threshold when quota is −1).
    private func commitRow(_ r: Int, block: Int, quota: Int, step: Int) -> [Commit] {
        let c = core.config
        var gumbel = core.rng(.gumbel, row: r, step: step)
        var uniform = core.rng(.sampling, row: r, step: step)
        proposals.removeAll(keepingCapacity: true)
        for i in blockRange(block) where core.isMasked(r, i) {
            let z = core.logits(r, i)
            let lse = Softmax.logSumExp(z, n: core.vocab)
            let token = core.propose(r, i, rng: &gumbel, lse: lse)
            let p = Double(_expf(z[token] - lse))
            var score: Double
            let entropy =
                c.commitOrder == .entropy || c.strategy == .eb
                ? -TokenChoice.negativeEntropy(z, core.vocab, lse: lse, scratch: core.scratch.data) : 0
            switch c.commitOrder {
            case .lowConfidence: score = p
            case .random: score = uniform.uniformDouble()
            case .margin: score = TokenChoice.margin(z, core.vocab, lse: lse)
            case .entropy: score = -entropy
            }
            if c.eosConfidenceLast && core.isEOS[token] { score = -.infinity }
            proposals.append(Proposal(position: i, token: token, score: score, lse: lse, entropy: entropy))
        }
        proposals.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        let take: Int
        if quota >= 0 {
            take = Swift.min(quota, proposals.count)
        } else if c.strategy == .eb {
            take = Self.entropyBoundedCount(proposals.map(\.entropy), bound: c.entropyBound)
        } else {
            take = Swift.max(1, proposals.prefix(while: { $0.score > c.threshold }).count)
        }
        return proposals.prefix(take).map { core.commit(r, $0.position, $0.token, lse: $0.lse) }
    }

    /// EB-Sampler's count: the largest k with Σ_{i≤k} H_i − max_{i≤k} H_i ≤ γ over entropies in
    /// the order of commitment (at least 1: the sum minus the max of one entropy is 0).
    static func entropyBoundedCount(_ entropies: [Double], bound: Double) -> Int {
        var sum = 0.0, largest = -Double.infinity, k = 0
        for h in entropies {
            sum += h
            largest = Swift.max(largest, h)
            if sum - largest > bound { break }
            k += 1
        }
        return Swift.max(k, 1)
    }
}
