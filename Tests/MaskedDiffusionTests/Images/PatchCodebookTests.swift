import Testing

@testable import MaskedDiffusion

struct PatchCodebookTests {
    /// Training patches of 300 glyphs (19 200 2×2 patches).
    static let patches = ImageFixtures.generator.images(0..<300).flatMap { $0.image.patches(size: 2) }

    @Test func fittingIsDeterministicInItsSeed() {
        let a = PatchCodebook.fit(patches: Self.patches, patchSize: 2, count: 32, seed: 5)
        let b = PatchCodebook.fit(patches: Self.patches, patchSize: 2, count: 32, seed: 5)
        let c = PatchCodebook.fit(patches: Self.patches, patchSize: 2, count: 32, seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 32 && a.dimension == 4)
    }

    @Test func codesAreSortedByBrightness() {
        let book = ImageFixtures.tokenizer.codebook
        let means = (0..<book.count).map { book.centroid($0).reduce(0, +) }
        #expect(means == means.sorted())
        #expect(means[0] < 0.1 && means[book.count - 1] > 3.5)  // background and full ink exist
    }

    /// Well-separated clusters are found exactly (their means), whatever the draw order.
    @Test func recoversSeparatedClusters() {
        let centres: [[Float]] = [[0, 0, 0, 0], [1, 1, 1, 1], [1, 0, 0, 1]]
        var rng = RNG(seed: 3, stream: .evaluation)
        var points: [Float] = []
        for i in 0..<300 { points += centres[i % 3].map { $0 + 0.02 * Float(rng.normal()) } }
        let book = PatchCodebook.fit(patches: points, patchSize: 2, count: 3, seed: 1)
        for centre in centres {
            let distance = (0..<3).map { j in zip(book.centroid(j), centre).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
                .min()!
            #expect(distance < 1e-3, "no centroid near \(centre)")
        }
        #expect(book.meanSquaredError(points) < 1e-3)
    }

    /// More codes than distinct patches: no crash, every patch is reproduced exactly.
    @Test func handlesFewerDistinctPatchesThanCodes() {
        let points: [Float] = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]
        let book = PatchCodebook.fit(patches: points, patchSize: 2, count: 8, seed: 1)
        #expect(book.count == 8)
        #expect(book.meanSquaredError(points) == 0)
        #expect(book.encode(points).map { book.centroid(Int($0)) }.flatMap { $0 } == points)
    }

    /// Held-out glyphs (the test split, never seen by k-means) are reconstructed with a mean
    /// squared error far below the pixel variance. Measured at P = 2, K = 64: 0.00254 vs a
    /// variance of 0.0886 (2.9%) for this 500-glyph fixture, 0.00249 (2.8%) fit on 2000 glyphs;
    /// for comparison P = 4, K = 64 gives 15% and P = 4, K = 256 still 8.9%.
    @Test func reconstructionErrorOnHeldOutGlyphsIsSmall() {
        let tokenizer = ImageFixtures.tokenizer
        let test = ImageFixtures.generator.images(0..<256, split: .test).map(\.image)
        let pixels = test.flatMap(\.pixels).map(Double.init)
        let mean = pixels.reduce(0, +) / Double(pixels.count)
        let variance = pixels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pixels.count)
        let mse = tokenizer.codebook.meanSquaredError(test.flatMap { $0.patches(size: 2) })
        // The same number, the slow way: pixels of the quantised images.
        let direct =
            zip(test.flatMap { tokenizer.quantized($0).pixels }, pixels).reduce(0.0) {
                $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1)
            } / Double(pixels.count)
        #expect(abs(direct - mse) < 1e-6)
        #expect(mse < 0.05 * variance, "MSE \(mse) vs pixel variance \(variance)")
    }
}
