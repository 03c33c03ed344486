#if canImport(Glibc)
import Glibc
#endif

/// Axis ticks at "nice" steps 1, 2 or 5 × 10ⁿ (d3-array's `ticks`), and their labels.
public struct NiceTicks: Equatable, Sendable {
    public var step: Double
    public var values: [Double]

    /// About `count` ticks covering `lo…hi` (d3's thresholds √50, √10, √2 pick the factor).
    public init(_ lo: Double, _ hi: Double, count: Int) {
        let step = Self.step(lo, hi, count: count)
        self.step = step
        guard step > 0, lo.isFinite, hi.isFinite else { values = []; return }
        let first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        values = first <= last ? stride(from: first, through: last, by: 1).map { $0 * step } : []
    }

    public static func step(_ lo: Double, _ hi: Double, count: Int) -> Double {
        let raw = (hi - lo) / Double(max(1, count))
        guard raw > 0, raw.isFinite else { return 0 }
        let power = floor(log10(raw))
        let magnitude = pow(10, power)
        let error = raw / magnitude
        let factor: Double = error >= 50.squareRoot() ? 10 : error >= 10.squareRoot() ? 5 : error >= 2.squareRoot() ? 2 : 1
        return factor * magnitude
    }

    /// `lo…hi` widened to whole steps (so the outermost ticks sit on the plot's edges).
    public static func niceBounds(_ lo: Double, _ hi: Double, count: Int) -> (Double, Double) {
        let s = step(lo, hi, count: count)
        guard s > 0 else { return (lo, hi) }
        return ((lo / s).rounded(.down) * s, (hi / s).rounded(.up) * s)
    }

    /// Labels with as many decimals as the step needs; 10 000 and up with k/M/G suffixes.
    public var labels: [String] { values.map { Self.format($0, step: step) } }

    public static func format(_ v: Double, step: Double) -> String {
        let a = abs(v)
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= 10 * scale || (a >= scale && step >= scale) {
            return format(v / scale, step: step / scale) + suffix
        }
        let decimals = step > 0 ? max(0, Int(-floor(log10(step) + 1e-9))) : 2
        return fixed(v, decimals: min(decimals, 6))
    }

    /// `v` with exactly `decimals` decimals, without Foundation's formatters.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let scale = pow(10, Double(decimals))
        let n = Int64((abs(v) * scale).rounded())
        let negative = v < 0 && n != 0
        var digits = String(n)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }
}
