#if canImport(Glibc)
    import Glibc
#endif

/// Axis ticks at "nice" steps 1, 2 or 5 × 10ⁿ (d3-array's `ticks`), and their labels.
public struct NiceTicks: Equatable, Sendable {
    public var step: Double
    public var values: [Double]

    /// About `count` ticks covering `lo…hi` (d3's thresholds √50, √10, √2 pick the factor).
    /// Like d3, steps below 1 are handled as 1/k so that 0.1·3 prints as 0.3, not 0.30000000000000004.
    public init(_ lo: Double, _ hi: Double, count: Int) {
        guard let (multiplier, divisor) = Self.increment(lo, hi, count: count), lo.isFinite, hi.isFinite else {
            step = 0
            values = []
            return
        }
        step = multiplier / divisor
        let first = (lo * divisor / multiplier).rounded(.up), last = (hi * divisor / multiplier).rounded(.down)
        values = first <= last ? stride(from: first, through: last, by: 1).map { $0 * multiplier / divisor } : []
    }

    /// The step as `multiplier / divisor`, one of them 1 (exact in binary floating point).
    private static func increment(_ lo: Double, _ hi: Double, count: Int) -> (Double, Double)? {
        let raw = (hi - lo) / Double(max(1, count))
        guard raw > 0, raw.isFinite else { return nil }
        let power = floor(log10(raw))
        let error = raw / pow(10, power)
        let factor: Double = error >= 50.squareRoot() ? 10 : error >= 10.squareRoot() ? 5 : error >= 2.squareRoot() ? 2 : 1
        return power < 0 ? (1, pow(10, -power) / factor) : (factor * pow(10, power), 1)
    }

    public static func step(_ lo: Double, _ hi: Double, count: Int) -> Double {
        guard let (m, d) = increment(lo, hi, count: count) else { return 0 }
        return m / d
    }

    /// `lo…hi` widened to whole steps (so the outermost ticks sit on the plot's edges).
    public static func niceBounds(_ lo: Double, _ hi: Double, count: Int) -> (Double, Double) {
        guard let (m, d) = increment(lo, hi, count: count) else { return (lo, hi) }
        return ((lo * d / m).rounded(.down) * m / d, (hi * d / m).rounded(.up) * m / d)
    }

    /// Labels with as many decimals as the step needs; 10 000 and up with k/M/G suffixes.
    public var labels: [String] { values.map { Self.format($0, step: step) } }

    public static func format(_ v: Double, step: Double) -> String {
        let a = abs(v)
        if a >= 1e13 && a.isFinite { return scientific(v) }
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= 10 * scale || (a >= scale && step >= scale) {
            // A step too fine for fixed digits after the suffix: the value in scientific digits
            // whole (a single point at step 2⁴⁰ once read "1.10e+03G").
            let scaled = format(v / scale, step: step / scale)
            return scaled.contains("e") ? scientific(v) : scaled + suffix
        }
        let decimals = step > 0 ? max(0, Int(-floor(log10(step) + 1e-9))) : 2
        // Steps finer than 10⁻⁶ would print every tick as 0.000000: three significant digits instead.
        if decimals > 6 { return v == 0 ? "0" : scientific(v) }
        return fixed(v, decimals: decimals)
    }

    /// `v` with exactly `decimals` decimals, without Foundation's formatters.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let scale = pow(10, Double(decimals))
        guard abs(v) * scale < 9e18 else { return scientific(v) }  // beyond Int64: no fixed digits
        let n = Int64((abs(v) * scale).rounded())
        let negative = v < 0 && n != 0
        var digits = String(n)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }

    /// "1.70e+308": three significant digits, for values too large for fixed digits.
    public static func scientific(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return fixed(v, decimals: 0) }
        var exponent = Int(floor(log10(abs(v))))
        var mantissa = v / pow(10, Double(exponent))
        if !mantissa.isFinite { mantissa = v / 10 / pow(10, Double(exponent - 1)) }
        if abs(mantissa) >= 9.995 { mantissa /= 10; exponent += 1 }
        let digits = String(abs(exponent))
        return fixed(mantissa, decimals: 2) + "e" + (exponent < 0 ? "-" : "+") + (digits.count < 2 ? "0" : "") + digits
    }
}
