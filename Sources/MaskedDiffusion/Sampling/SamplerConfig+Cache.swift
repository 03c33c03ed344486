/// When a block decoder's steps fill the key/value cache and which positions its cached steps
/// compute, written once for the sampler, the plan and the schedule editor.
extension SamplerConfig {
    /// Whether steps can be served from a cache: a cache mode on a block strategy.
    public var usesCache: Bool { cache != .none && reads(.cache) }

    /// Whether a row's step is a full pass that refills the cache: its first step in a block
    /// (`stepsSinceFill` nil: the cache holds another block or nothing), and every
    /// `cacheRefresh`-th step after it when the refresh interval is set.
    public func refillsCache(stepsSinceFill: Int?) -> Bool {
        guard usesCache, let since = stepsSinceFill else { return true }
        return cacheRefresh > 0 && since >= cacheRefresh
    }

    /// Sequence positions a cached step of block `b` computes, for a prompt of `promptLength`:
    /// prefix — the block and everything after it; dual — the block only.
    public func cacheWindow(block b: Int, promptLength: Int) -> Range<Int> {
        let offsets = blockOffsets(b)
        let end = cache == .dual ? offsets.upperBound : generationLength
        return (promptLength + offsets.lowerBound)..<(promptLength + end)
    }

    /// Network compute of `stepsInBlock[b]` steps in each block b, in full passes over the
    /// sequence (positions computed / sequence length): what the steps cost without a cache, less
    /// what cached steps skip.
    public func passEquivalents(stepsInBlock: [Int], promptLength: Int) -> Double {
        let T = Double(promptLength + generationLength)
        var total = 0.0
        for (b, steps) in stepsInBlock.enumerated() where steps > 0 {
            guard usesCache else {
                total += Double(steps)
                continue
            }
            let fills = cacheRefresh > 0 ? 1 + (steps - 1) / cacheRefresh : 1
            let window = Double(cacheWindow(block: b, promptLength: promptLength).count)
            total += Double(fills) + Double(steps - fills) * window / T
        }
        return total
    }
}
