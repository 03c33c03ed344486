/// Maps a value on an axis `lo…hi` to a dot index 0…dots−1, for every finite input: when the
/// span overflows Double (±1.7e308 at both ends) the fraction is computed on halves, and the
/// index is clamped to a few canvases beyond the plot, so no value (nor a zero span) ever
/// reaches `Int()` as NaN or out of range. nil for a value that has no place (NaN, ±∞).
enum ChartScale {
    /// Where `v` lies between `lo` (0) and `hi` (1).
    static func fraction(_ v: Double, from lo: Double, to hi: Double) -> Double {
        let span = hi - lo
        return span.isFinite ? (v - lo) / span : (v / 2 - lo / 2) / (hi / 2 - lo / 2)
    }

    /// The dot for `fraction` along `dots` dots.
    static func dot(_ fraction: Double, dots: Int) -> Int? {
        let x = fraction * Double(max(dots - 1, 0))
        guard x.isFinite else { return nil }
        let bound = Double(4 * max(dots, 1))
        return Int(min(max(x, -bound), bound).rounded())
    }
}
