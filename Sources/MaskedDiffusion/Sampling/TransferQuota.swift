/// LLaDA's `get_num_transfer_tokens`: how many of a block's `masked` tokens each of its `steps`
/// reveals: ⌊m/s⌋ each, the first (m mod s) steps one more (docs/methods.md §1.4).
enum TransferQuota {
    static func split(_ masked: Int, steps: Int) -> [Int] {
        (0..<steps).map { masked / steps + ($0 < masked % steps ? 1 : 0) }
    }

    /// The quota of the next step when `masked` tokens remain for `remainingSteps` steps. Equal to
    /// the block-entry split at every step (that split is front-loaded), so a sampler needs no
    /// per-block plan and resumes anywhere: ⌈m/s⌉.
    static func next(masked: Int, remainingSteps: Int) -> Int {
        (masked + remainingSteps - 1) / remainingSteps
    }
}
