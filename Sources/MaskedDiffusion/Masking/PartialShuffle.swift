/// Moves a uniformly random k-subset of `xs` (in random order) to its front: Fisher–Yates
/// stopped after k swaps. Every masking that draws "exactly k positions" goes through here, so
/// the same draws give the same masks in training, the ELBO estimators and ESPO.
public func partialShuffle(_ xs: inout [Int], first k: Int, rng: inout RNG) {
    for i in 0..<k {
        let j = i + rng.int(below: xs.count - i)
        xs.swapAt(i, j)
    }
}
