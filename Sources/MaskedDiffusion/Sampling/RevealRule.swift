/// RADD's per-step reveal probability for a still-masked token under the log-linear noise
/// schedule σ̄(t) = −log(1 − (1−ε)t), ε = 10⁻³ (docs/methods.md §2.3, §2.5).
///
/// Both rules reduce to r = dt/t for this schedule, so every token's reveal step is uniform over
/// the n steps; they are kept separate because they differ for other schedules and the UI names them.
public enum RevealRule: String, Codable, CaseIterable, Sendable {
    /// Exact reverse transition: (e^{−σ̄(t−dt)} − e^{−σ̄(t)}) / (1 − e^{−σ̄(t)}).
    case tweedie
    /// First-order: dt · σ̄'(t) · e^{−σ̄(t)} / (1 − e^{−σ̄(t)}).
    case euler

    static let epsilon = 1e-3

    /// e^{−σ̄(t)}, the probability a token is still clean at time t.
    static func clean(_ t: Double) -> Double { 1 - (1 - epsilon) * t }

    /// Probability that a token masked at time t is revealed when stepping to t − dt.
    public func probability(t: Double, dt: Double) -> Double {
        let keep = RevealRule.clean(t)
        switch self {
        case .tweedie:
            return (RevealRule.clean(t - dt) - keep) / (1 - keep)
        case .euler:
            let sigmaPrime = (1 - RevealRule.epsilon) / (1 - (1 - RevealRule.epsilon) * t)
            return dt * sigmaPrime * keep / (1 - keep)
        }
    }
}
