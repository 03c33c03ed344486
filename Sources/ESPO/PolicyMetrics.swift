/// Diagnostics of the policy loss, summed so micro-batches merge into one optimizer step.
public struct PolicyMetrics: Sendable, Equatable {
    /// KL estimates (per sequence divided by L for sequence-level objectives, per token otherwise).
    public var klSum = 0.0
    public var klCount = 0
    /// Ratios (sequence- or token-level), how many, and how many were clipped.
    public var ratioSum = 0.0
    public var ratioCount = 0
    public var ratioMin = Double.infinity
    public var ratioMax = -Double.infinity
    public var clipped = 0
    /// Σ ℓ_θ over all completion tokens and their number.
    public var likelihoodSum = 0.0
    public var tokens = 0

    public init() {}

    mutating func addRatio(_ r: Double, clipped c: Bool) {
        ratioSum += r
        ratioCount += 1
        ratioMin = Swift.min(ratioMin, r)
        ratioMax = Swift.max(ratioMax, r)
        if c { clipped += 1 }
    }

    mutating func addKL(_ k: Double) {
        klSum += k
        klCount += 1
    }

    public mutating func merge(_ o: PolicyMetrics) {
        klSum += o.klSum
        klCount += o.klCount
        ratioSum += o.ratioSum
        ratioCount += o.ratioCount
        ratioMin = Swift.min(ratioMin, o.ratioMin)
        ratioMax = Swift.max(ratioMax, o.ratioMax)
        clipped += o.clipped
        likelihoodSum += o.likelihoodSum
        tokens += o.tokens
    }

    /// Means; NaN (written as null) when there was nothing to average.
    public var kl: Double { klCount > 0 ? klSum / Double(klCount) : .nan }
    public var ratioMean: Double { ratioCount > 0 ? ratioSum / Double(ratioCount) : .nan }
    public var clipFraction: Double { ratioCount > 0 ? Double(clipped) / Double(ratioCount) : .nan }
    public var likelihoodPerToken: Double { tokens > 0 ? likelihoodSum / Double(tokens) : .nan }
    public var ratioMinimum: Double { ratioCount > 0 ? ratioMin : .nan }
    public var ratioMaximum: Double { ratioCount > 0 ? ratioMax : .nan }
}
