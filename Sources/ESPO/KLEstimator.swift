import MaskedDiffusion

/// Estimators of KL(π_θ ‖ π_ref) from a log-likelihood difference Δ = log π_θ − log π_ref
/// (a sequence ELBO difference for sequence-level objectives, a per-token log-prob difference
/// for token-level ones), docs/methods.md §4.10. Each gives the value the metric reports and the
/// derivative with respect to log π_θ that the loss back-propagates.
public enum KLEstimator: String, Codable, CaseIterable, Sendable {
    /// Value Δ; ESPO's code adds a zero-valued term whose gradient makes ∇ = (1 + Δ)∇ log π_θ.
    case k1
    /// Δ²/2, gradient Δ·∇ log π_θ. ESPO's choice.
    case k2
    /// e^{−Δ} + Δ − 1 (Schulman's k3 with r = log π_ref − log π_θ), gradient (1 − e^{−Δ})∇ log π_θ. d1's choice.
    case k3

    public func value(_ delta: Double) -> Double {
        switch self {
        case .k1: return delta
        case .k2: return 0.5 * delta * delta
        case .k3: return _exp(-delta) + delta - 1
        }
    }

    /// d(loss term)/d(log π_θ) as the loss actually back-propagates it (k1: the quirk, not d value/dΔ).
    public func derivative(_ delta: Double) -> Double {
        switch self {
        case .k1: return 1 + delta
        case .k2: return delta
        case .k3: return 1 - _exp(-delta)
        }
    }
}
