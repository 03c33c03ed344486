/// A k-means codebook of P×P image patches: code `i` stands for the patch `centroids[i]`.
///
/// Learned on training patches only. Codes are sorted by mean brightness (code 0 is the
/// background-most patch), so ids are stable for a given fit and readable when printed.
public struct PatchCodebook: Sendable, Equatable {
    public let patchSize: Int
    /// [count, patchSize²] row-major.
    public let centroids: [Float]

    /// K, the number of codes.
    public var count: Int { centroids.count / dimension }
    public var dimension: Int { patchSize * patchSize }

    public init(patchSize: Int, centroids: [Float]) {
        let dimension = patchSize * patchSize
        precondition(
            patchSize > 0 && !centroids.isEmpty && centroids.count % dimension == 0,
            "PatchCodebook: \(centroids.count) values are not whole \(patchSize)×\(patchSize) patches")
        self.patchSize = patchSize
        self.centroids = centroids
    }

    /// k-means (k-means++ seeding from `seed`, at most `iterations` Lloyd steps) on `patches`
    /// ([n, patchSize²], e.g. every patch of every training image). Deterministic in its inputs.
    public static func fit(
        patches: [Float], patchSize: Int, count k: Int, seed: UInt64,
        iterations: Int = 30
    ) -> PatchCodebook {
        let dim = patchSize * patchSize
        var rng = RNG(seed: seed, stream: .initialization, path: [0x4B4D_4541_4E53])  // "KMEANS"
        let raw = KMeans.fit(points: patches, dim: dim, k: k, iterations: iterations, rng: &rng)
        let order = (0..<k).sorted { a, b in
            let ca = raw[a * dim..<(a + 1) * dim], cb = raw[b * dim..<(b + 1) * dim]
            let (ma, mb) = (ca.reduce(0, +), cb.reduce(0, +))
            return ma != mb ? ma < mb : ca.lexicographicallyPrecedes(cb)
        }
        return PatchCodebook(patchSize: patchSize, centroids: order.flatMap { raw[$0 * dim..<($0 + 1) * dim] })
    }

    /// The pixels of code `id`, [patchSize²].
    public func centroid(_ id: Int) -> ArraySlice<Float> { centroids[id * dimension..<(id + 1) * dimension] }

    /// The nearest code of each patch ([n, patchSize²] → [n]); ties go to the lower code.
    public func encode(_ patches: [Float]) -> [Int32] {
        precondition(patches.count % dimension == 0)
        let n = patches.count / dimension
        var codes = [Int32](repeating: 0, count: n)
        patches.withUnsafeBufferPointer { x in
            centroids.withUnsafeBufferPointer { c in
                for i in 0..<n { codes[i] = Int32(KMeans.nearest(x, i, c, dim: dimension).0) }
            }
        }
        return codes
    }

    /// Mean squared pixel error of quantising `patches` ([n, patchSize²]) with this codebook.
    public func meanSquaredError(_ patches: [Float]) -> Double {
        let n = patches.count / dimension
        var total = 0.0
        patches.withUnsafeBufferPointer { x in
            centroids.withUnsafeBufferPointer { c in
                for i in 0..<n { total += Double(KMeans.nearest(x, i, c, dim: dimension).1) }
            }
        }
        return total / Double(patches.count)
    }
}
