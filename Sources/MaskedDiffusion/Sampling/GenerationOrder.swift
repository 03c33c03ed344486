/// The fixed order in which RADD's ordered (any-order autoregressive) sampler reveals positions.
public enum GenerationOrder: String, Codable, CaseIterable, Sendable {
    /// Left to right over the generated region (RADD `run_sample.py`).
    case leftToRight = "left-to-right"
    /// A uniformly random permutation per row, drawn from the seed.
    case random
}
