/// Learning rate as a function of the optimizer step: linear warm-up, then constant or cosine decay.
public struct LearningRateSchedule: Codable, Equatable, Sendable {
    public enum Decay: String, Codable, Sendable, CaseIterable { case constant, cosine }

    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    public var decay: Decay
    /// The floor of the cosine decay, as a fraction of `peak`.
    public var minFraction: Float

    public init(peak: Float, warmupSteps: Int = 0, totalSteps: Int, decay: Decay = .cosine, minFraction: Float = 0.1) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.decay = decay
        self.minFraction = minFraction
    }

    enum CodingKeys: String, CodingKey {
        case peak, warmupSteps = "warmup_steps", totalSteps = "total_steps", decay, minFraction = "min_fraction"
    }

    /// Why `peak` cannot be a learning rate, or nil: it must be in (0, 1] (NaN fails both bounds;
    /// above 1, an AdamW step moves every weight by more than 1: a typo, not a setting).
    public static func peakProblem(_ peak: Float, named name: String = "--lr") -> String? {
        peak > 0 && peak <= 1 ? nil : "\(name) must be in (0, 1] (got \(peak))"
    }

    /// The rate for optimizer step `step` (0-based): warm-up reaches `peak` at step `warmupSteps`.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps + 1) }
        switch decay {
        case .constant:
            return peak
        case .cosine:
            let span = Swift.max(totalSteps - warmupSteps, 1)
            let progress = Swift.min(Double(step - warmupSteps) / Double(span), 1)
            let cosine = 0.5 * (1 + _cos(Double.pi * progress))
            return peak * (minFraction + (1 - minFraction) * Float(cosine))
        }
    }
}
