import MaskedDiffusion

extension SamplerConfig {
    /// The sampler in a few words, for title bars and branch lists: the strategy, its remasking
    /// when it reads one, and the steps the plan takes ("≤" where the run may stop earlier).
    var headline: String {
        let plan = plan()
        let bound = plan.certainty == .atMost ? "≤ " : ""
        var s = strategy.rawValue
        if reads(.remasking) { s += " " + remasking.rawValue }
        return s + " · \(bound)\(plan.steps) steps"
    }
}
