/// The objective a run optimises, by its `--objective` name (docs/methods.md §4.1, §4.10).
public enum RLObjective: String, Codable, CaseIterable, Sendable {
    /// Sequence-level ratio on the coupled ELBO (ESPO).
    case espo
    /// Token-level ratios on one-step mean-field log-probs (diffu-GRPO).
    case d1
    /// Ratio-free weighted likelihood on mean-field log-probs.
    case wd1
    /// ESPO ablation: token-level ratios on the coupled ELBO's per-token contributions.
    case tokenELBO = "token-elbo"
    /// ESPO ablation: sequence-level ratio on summed mean-field log-probs.
    case sequenceMeanField = "seq-mean-field"

    /// The KL estimator of the original recipe: k2 on sequence-level ELBOs (ESPO), k3 per token (d1).
    public var defaultKL: KLEstimator {
        switch self {
        case .espo, .sequenceMeanField: .k2
        case .d1, .wd1, .tokenELBO: .k3
        }
    }

    public func make(_ hyper: PolicyHyper) -> any PolicyObjective {
        switch self {
        case .espo: ESPOObjective(likelihood: .coupledELBO, hyper: hyper)
        case .sequenceMeanField: ESPOObjective(likelihood: .meanField, hyper: hyper)
        case .d1: D1Objective(likelihood: .meanField, hyper: hyper)
        case .tokenELBO: D1Objective(likelihood: .coupledELBO, hyper: hyper)
        case .wd1: WD1Objective(hyper: hyper)
        }
    }
}
