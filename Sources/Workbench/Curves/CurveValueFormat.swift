import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Numbers as the curves pane prints them: short enough for a legend, exact enough to read.
enum CurveValueFormat {
    /// About four significant digits, trailing zeros dropped: 0.5234, 12.5, 0.0031, 1234,
    /// 12.35k, 1.5M, 1.235G, 1.5e-05, 1.23e+14; "NaN" and "∞" as such.
    static func value(_ v: Double) -> String {
        guard v.isFinite else { return NiceTicks.fixed(v, decimals: 0) }
        let a = abs(v)
        if a == 0 { return "0" }
        // Past 999.9G a suffix would stack ("100GG"): scientific, as below 1e-4.
        if a < 1e-4 || a >= 999.95e9 { return scientific(v) }
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= 10 * scale || (scale > 1e3 && a >= scale) {
            return value(v / scale) + suffix
        }
        let decimals = max(0, 3 - Int(floor(log10(a))))
        return trimmed(NiceTicks.fixed(v, decimals: decimals))
    }

    static func fixed(_ v: Double, decimals: Int) -> String { NiceTicks.fixed(v, decimals: decimals) }

    /// A step count: 950, 1.2k, 25k, 3.1M.
    static func count(_ n: Int) -> String {
        n < 1000 ? String(n) : value(Double(n))
    }

    /// 1.5e-05 style: the axis's three significant digits (`NiceTicks.scientific`, which carries
    /// a mantissa that rounds to 10: 9.999e-07 once read "10e-07"), trailing zeros dropped.
    private static func scientific(_ v: Double) -> String {
        let s = NiceTicks.scientific(v)
        guard let e = s.firstIndex(of: "e") else { return s }
        return trimmed(String(s[..<e])) + s[e...]
    }

    private static func trimmed(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }
}
