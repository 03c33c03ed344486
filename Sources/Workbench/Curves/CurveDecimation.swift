/// Thins a curve to what a chart can show: a braille plot has 2 dots per cell across, so a
/// 100 000-point series drawn 80 cells wide needs at most a few hundred points. Each of
/// `buckets` equal x ranges keeps its lowest and highest point (in x order), so spikes and the
/// curve's envelope survive; a bucket holding a non-finite value ends with a gap (NaN).
enum CurveDecimation {
    static func minMax(_ points: [(x: Double, y: Double)], buckets: Int) -> [(x: Double, y: Double)] {
        guard buckets > 0, points.count > 2 * buckets, let first = points.first?.x, let last = points.last?.x, last > first else {
            return points
        }
        let width = (last - first) / Double(buckets)
        func bucket(_ x: Double) -> Int { min(buckets - 1, max(0, Int((x - first) / width))) }
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(3 * buckets)
        var i = 0
        while i < points.count {
            let b = bucket(points[i].x)
            var low: Int?, high: Int?, gap = false
            while i < points.count, bucket(points[i].x) == b {
                let y = points[i].y
                if !y.isFinite {
                    gap = true
                } else {
                    if low.map({ y < points[$0].y }) ?? true { low = i }
                    if high.map({ y > points[$0].y }) ?? true { high = i }
                }
                i += 1
            }
            if let low, let high {
                out.append(points[min(low, high)])
                if low != high { out.append(points[max(low, high)]) }
            }
            if gap { out.append((points[i - 1].x, .nan)) }
        }
        return out
    }
}
