/// Maps a value on an axis running `from`…`to` to a dot index 0…dots−1, for every finite
/// input: when the span overflows Double (±1.7e308 at both ends) it is computed on halves, and
/// the result is clamped to a few canvases beyond the plot, so no value (nor a zero span) ever
/// reaches `Int()` as NaN or out of range. nil for a value that has no place (NaN, ±∞).
enum ChartScale {
    static func dot(_ v: Double, from lo: Double, to hi: Double, dots: Int) -> Int? {
        let span = hi - lo
        let t = span.isFinite ? (v - lo) / span : (v / 2 - lo / 2) / (hi / 2 - lo / 2)
        let x = t * Double(max(dots - 1, 0))
        guard x.isFinite else { return nil }
        let bound = Double(4 * max(dots, 1))
        return Int(min(max(x, -bound), bound).rounded())
    }
}
