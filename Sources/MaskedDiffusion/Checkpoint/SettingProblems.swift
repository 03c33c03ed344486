/// Why a group of settings cannot work, in the wording every `problems` list shares: "NAME must
/// be ≥ 1 (got 0)", "NAME must be finite and ≥ 0 (got nan)". NAME is the setting as the user
/// wrote it: a flag, a file's field, or both (`--batch (batch_size)`).
public struct SettingProblems {
    public private(set) var reasons: [String] = []

    public init() {}

    public mutating func add(_ reason: String) { reasons.append(reason) }

    /// Refuses `value` below `least`.
    public mutating func atLeast(_ least: Int, _ name: String, _ value: Int) {
        if value < least { reasons.append("\(name) must be ≥ \(least) (got \(value))") }
    }

    /// Refuses `value` unless finite and ≥ 0: `x >= 0 && isFinite`, so NaN, which fails every
    /// comparison, is refused too.
    public mutating func finiteNonNegative(_ name: String, _ value: Double) {
        if !(value >= 0 && value.isFinite) { reasons.append("\(name) must be finite and ≥ 0 (got \(value))") }
    }
}
