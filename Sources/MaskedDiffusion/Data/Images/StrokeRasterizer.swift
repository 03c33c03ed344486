/// Draws polylines of a given pen width into a grayscale image with anti-aliased edges.
///
/// A pixel's ink is the pen's coverage of that pixel, approximated from the distance `d` of the
/// pixel centre to the nearest stroke segment: `clamp(width/2 + 1/2 − d, 0, 1)`, i.e. a one-pixel
/// linear ramp centred on the stroke's edge. Exact for straight edges, and overlapping strokes
/// never exceed 1 because only the nearest segment counts.
enum StrokeRasterizer {
    /// `strokes` are in pixel coordinates (x = column, y = row, pixel (r, c) spans
    /// [c, c+1) × [r, r+1), so its centre is (c + 0.5, r + 0.5)). Returns [height, width].
    static func draw(_ strokes: [[SIMD2<Double>]], penWidth: Double, width: Int, height: Int) -> [Float] {
        var a: [SIMD2<Double>] = [], b: [SIMD2<Double>] = []
        for line in strokes {
            for (start, end) in zip(line, line.dropFirst()) {
                a.append(start)
                b.append(end)
            }
        }
        let half = penWidth / 2
        var out = [Float](repeating: 0, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                let p = SIMD2<Double>(Double(column) + 0.5, Double(row) + 0.5)
                var best = Double.infinity
                for s in 0..<a.count { best = Swift.min(best, squaredDistance(p, a[s], b[s])) }
                let ink = half + 0.5 - best.squareRoot()
                out[row * width + column] = Float(Swift.min(1, Swift.max(0, ink)))
            }
        }
        return out
    }

    /// Squared distance from `p` to the segment `a`–`b`.
    @inline(__always)
    static func squaredDistance(_ p: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
        let ab = b - a, ap = p - a
        let length2 = (ab * ab).sum()
        let t = length2 > 0 ? Swift.min(1, Swift.max(0, (ap * ab).sum() / length2)) : 0
        let d = ap - t * ab
        return (d * d).sum()
    }
}
