extension SamplerConfig {
    /// The sampler in a few words, for title bars, branch lists and CLI summaries: the strategy,
    /// the knob that decides its commits (remasking, threshold or γ), and the steps the plan takes
    /// ("≤" where a run may stop earlier), and the key/value cache when one is used.
    public var headline: String {
        let plan = plan()
        let bound = plan.certainty == .atMost ? "≤ " : ""
        var s = strategy.rawValue
        if reads(.remasking) { s += " " + remasking.rawValue }
        if reads(.threshold) { s += " \(threshold)" }
        if reads(.entropyBound) { s += " γ \(entropyBound)" }
        s += " · \(bound)\(plan.steps) steps"
        if usesCache { s += " · \(cache.rawValue) cache" + (cacheRefresh > 0 ? " ↻\(cacheRefresh)" : "") }
        return s
    }
}
