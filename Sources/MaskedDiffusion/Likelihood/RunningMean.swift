/// Mean and standard error of i.i.d. samples, updated one sample at a time (Welford), so an
/// estimate can be shown converging while samples accumulate.
public struct RunningMean: Sendable, Equatable, Codable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var m2 = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    /// Unbiased sample variance (0 with fewer than two samples).
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    /// Standard error of the mean (∞ with fewer than two samples).
    public var standardError: Double { count > 1 ? (variance / Double(count)).squareRoot() : .infinity }
}
