/// Deterministic k-means (k-means++ seeding, then Lloyd iterations) over the rows of a
/// [n, dim] Float matrix.
///
/// Determinism: every random choice comes from the caller's `RNG`, all loops run in a fixed
/// order on one thread, ties go to the lowest centroid index, and sums accumulate in Double.
/// An empty cluster is re-seeded with the point farthest from its centroid (so k codes stay in
/// use as long as there are k distinct points). The loops work on unsafe buffer pointers: this is
/// the hot path of tokenizer training (n ≈ 10⁵ patches × k ≈ 64 codes per iteration).
enum KMeans {
    /// Returns the centroids, [k, dim].
    static func fit(points: [Float], dim: Int, k: Int, iterations: Int, rng: inout RNG) -> [Float] {
        let n = points.count / dim
        precondition(dim > 0 && points.count == n * dim && n > 0 && k > 0, "KMeans: bad shapes")
        var centroids = [Float](repeating: 0, count: k * dim)
        var assignment = [Int32](repeating: -1, count: n)
        var distance = [Float](repeating: 0, count: n)
        points.withUnsafeBufferPointer { x in
            centroids.withUnsafeMutableBufferPointer { c in
                seedPlusPlus(x, dim: dim, into: c, rng: &rng)
                assignment.withUnsafeMutableBufferPointer { a in
                    distance.withUnsafeMutableBufferPointer { d in
                        for _ in 0..<iterations {
                            if assign(x, to: UnsafeBufferPointer(c), dim: dim, assignment: a, distance: d) == 0 { break }
                            update(x, dim: dim, assignment: UnsafeBufferPointer(a), distance: d, centroids: c)
                        }
                    }
                }
            }
        }
        return centroids
    }

    /// k-means++: the first centroid is a uniform point, each next one a point drawn with
    /// probability ∝ its squared distance to the nearest centroid so far.
    static func seedPlusPlus(
        _ x: UnsafeBufferPointer<Float>, dim: Int, into c: UnsafeMutableBufferPointer<Float>,
        rng: inout RNG
    ) {
        let n = x.count / dim, k = c.count / dim
        var nearest = [Float](repeating: .infinity, count: n)
        nearest.withUnsafeMutableBufferPointer { d in
            var chosen = rng.int(below: n)
            for j in 0..<k {
                if j > 0 {
                    var total = 0.0
                    for i in 0..<n { total += Double(d[i]) }
                    if total > 0 {
                        var r = rng.uniformDouble() * total
                        for i in 0..<n where d[i] > 0 {
                            r -= Double(d[i])
                            chosen = i
                            if r < 0 { break }
                        }
                    } else {
                        chosen = rng.int(below: n)  // fewer distinct points than k: a duplicate
                    }
                }
                for e in 0..<dim { c[j * dim + e] = x[chosen * dim + e] }
                for i in 0..<n {
                    d[i] = Swift.min(d[i], squaredDistance(x, i, UnsafeBufferPointer(c), j, dim: dim))
                }
            }
        }
    }

    /// Nearest centroid of every point (lowest index on ties) and its squared distance.
    /// Returns how many assignments changed.
    @discardableResult
    static func assign(
        _ x: UnsafeBufferPointer<Float>, to c: UnsafeBufferPointer<Float>, dim: Int,
        assignment: UnsafeMutableBufferPointer<Int32>, distance: UnsafeMutableBufferPointer<Float>
    ) -> Int {
        let n = x.count / dim
        var changed = 0
        for i in 0..<n {
            let (best, bestDistance) = nearest(x, i, c, dim: dim)
            if assignment[i] != Int32(best) { changed += 1 }
            assignment[i] = Int32(best)
            distance[i] = bestDistance
        }
        return changed
    }

    /// Moves each centroid to the mean of its points; an empty cluster takes the point farthest
    /// from its current centroid (which is then not offered to another empty cluster).
    static func update(
        _ x: UnsafeBufferPointer<Float>, dim: Int, assignment: UnsafeBufferPointer<Int32>,
        distance: UnsafeMutableBufferPointer<Float>, centroids c: UnsafeMutableBufferPointer<Float>
    ) {
        let n = x.count / dim, k = c.count / dim
        var sums = [Double](repeating: 0, count: k * dim)
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<n {
            let j = Int(assignment[i])
            counts[j] += 1
            for e in 0..<dim { sums[j * dim + e] += Double(x[i * dim + e]) }
        }
        for j in 0..<k {
            if counts[j] > 0 {
                for e in 0..<dim { c[j * dim + e] = Float(sums[j * dim + e] / Double(counts[j])) }
            } else {
                var far = 0
                for i in 1..<n where distance[i] > distance[far] { far = i }
                guard distance[far] > 0 else { continue }
                distance[far] = 0
                for e in 0..<dim { c[j * dim + e] = x[far * dim + e] }
            }
        }
    }

    /// The centroid nearest to point `i` (lowest index on ties) and the squared distance.
    @inline(__always)
    static func nearest(
        _ x: UnsafeBufferPointer<Float>, _ i: Int, _ c: UnsafeBufferPointer<Float>,
        dim: Int
    ) -> (Int, Float) {
        var best = 0, bestDistance = Float.infinity
        for j in 0..<(c.count / dim) {
            let d = squaredDistance(x, i, c, j, dim: dim)
            if d < bestDistance { best = j; bestDistance = d }
        }
        return (best, bestDistance)
    }

    @inline(__always)
    static func squaredDistance(
        _ x: UnsafeBufferPointer<Float>, _ i: Int, _ c: UnsafeBufferPointer<Float>,
        _ j: Int, dim: Int
    ) -> Float {
        var s: Float = 0
        for e in 0..<dim {
            let t = x[i * dim + e] - c[j * dim + e]
            s += t * t
        }
        return s
    }
}
