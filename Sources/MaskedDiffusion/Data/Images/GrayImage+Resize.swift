extension GrayImage {
    /// The image resampled to `width`×`height` by area averaging: each output pixel is the mean
    /// of the source area it covers, with fractional overlaps weighted by their length.
    ///
    /// Area averaging rather than bilinear because MNIST's 28→16 is a downscale by 1.75: bilinear
    /// would sample only some source pixels and thin or drop 2-pixel strokes. The filter is
    /// separable, so rows are averaged first, then columns. Upscaling works too (it is then
    /// nearest-neighbour-like), though the pipeline only downscales.
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        precondition(newWidth > 0 && newHeight > 0)
        if newWidth == width && newHeight == height { return self }
        let columnWeights = Self.areaWeights(from: width, to: newWidth)
        let rowWeights = Self.areaWeights(from: height, to: newHeight)
        // [height, newWidth]: horizontal pass.
        var horizontal = [Float](repeating: 0, count: height * newWidth)
        for y in 0..<height {
            for (x, taps) in columnWeights.enumerated() {
                var sum: Float = 0
                for (source, weight) in taps { sum += weight * pixels[y * width + source] }
                horizontal[y * newWidth + x] = sum
            }
        }
        var out = [Float](repeating: 0, count: newHeight * newWidth)
        for (y, taps) in rowWeights.enumerated() {
            for x in 0..<newWidth {
                var sum: Float = 0
                for (source, weight) in taps { sum += weight * horizontal[source * newWidth + x] }
                out[y * newWidth + x] = Swift.min(1, Swift.max(0, sum))
            }
        }
        return GrayImage(width: newWidth, height: newHeight, pixels: out)
    }

    /// For each of `m` output cells, the source cells of `0..<n` it overlaps and the overlap as
    /// a fraction of the output cell (the fractions of one cell sum to 1).
    static func areaWeights(from n: Int, to m: Int) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        return (0..<m).map { i in
            let lo = Double(i) * scale, hi = Double(i + 1) * scale
            var taps: [(Int, Float)] = []
            var s = Int(lo)
            while s < n && Double(s) < hi {
                let overlap = Swift.min(hi, Double(s + 1)) - Swift.max(lo, Double(s))
                if overlap > 1e-12 { taps.append((s, Float(overlap / scale))) }
                s += 1
            }
            return taps
        }
    }
}
