/// A training batch after the forward (masking) process: what the network sees, what it must
/// predict, and the weight of each position's cross-entropy in the loss.
public struct MaskedBatch: Sendable {
    /// The network input (clean tokens with some replaced by the mask id).
    public var input: TokenBatch
    /// The clean tokens: [B·T].
    public var targets: [Int32]
    /// Per-position loss weights: [B·T]; zero at positions that are not scored.
    public var weights: [Float]
}
