/// The order in which LLaDA-style samplers commit proposed tokens: the score each masked position
/// gets, highest committed first (LLaDA `remasking`, Dream's `alg`; docs/methods.md §5.2).
public enum Remasking: String, Codable, CaseIterable, Sendable {
    /// Probability of the proposed token under the un-tempered softmax (LLaDA default).
    case lowConfidence = "low-confidence"
    /// A uniform random score: a random order.
    case random
    /// Top-1 minus top-2 probability (Dream `margin`).
    case margin
    /// Negative entropy of the position's distribution (Dream `entropy`).
    case entropy
}
