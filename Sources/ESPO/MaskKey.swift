import MaskedDiffusion

/// Which masks a likelihood estimate uses: a pure function of (seed, round, micro-batch,
/// iteration[, MC index]) on the `.masks` stream of a counter-based RNG (docs/methods.md §4.12 pitfall 3),
/// so the current, old and reference passes of one iteration see identical masks, each iteration
/// draws fresh ones, and nothing else (generation, resumption) shifts them.
public struct MaskKey: Hashable, Sendable {
    public var seed: UInt64
    public var round: Int
    public var microBatch: Int
    public var iteration: Int

    public init(seed: UInt64, round: Int, microBatch: Int, iteration: Int) {
        self.seed = seed
        self.round = round
        self.microBatch = microBatch
        self.iteration = iteration
    }

    /// The generator of MC sample `mc`.
    public func rng(mc: Int) -> RNG {
        RNG(seed: seed, stream: .masks, path: [UInt64(round), UInt64(microBatch), UInt64(iteration), UInt64(mc)])
    }
}
