import Testing

@testable import MaskedDiffusion

struct ImageResizeTests {
    @Test func areaWeightsOfEachOutputCellSumToOne() {
        for (n, m) in [(28, 16), (16, 16), (5, 3), (3, 7)] {
            for taps in GrayImage.areaWeights(from: n, to: m) {
                #expect(abs(taps.reduce(0) { $0 + $1.1 } - 1) < 1e-6)
            }
        }
    }

    @Test func downscalingAveragesBlocksAndKeepsMeanInk() {
        let four = GrayImage(width: 4, height: 4, pixels: (0..<16).map { Float($0) / 15 })
        let two = four.resized(width: 2, height: 2)
        let blockSums: [Float] = [0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15]
        let expected = blockSums.map { $0 / 60 }
        #expect(zip(two.pixels, expected).allSatisfy { abs($0 - $1) < 1e-6 })

        let glyph = GlyphGenerator(seed: 3, size: 28).image(4).image
        let small = glyph.resized(width: 16, height: 16)
        let mean = { (im: GrayImage) in im.pixels.reduce(0, +) / Float(im.pixels.count) }
        #expect(abs(mean(glyph) - mean(small)) < 1e-4)
        #expect(small.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func patchesRoundTrip() {
        let image = ImageFixtures.generator.image(9).image
        for p in [1, 2, 4, 8] {
            let patches = image.patches(size: p)
            #expect(GrayImage(patches: patches, size: p, width: 16, height: 16) == image)
        }
        // Patch 1 of a 2×2 grid is the top-right block, row-major inside.
        let ramp = GrayImage(width: 4, height: 4, pixels: (0..<16).map(Float.init))
        #expect(Array(ramp.patches(size: 2)[4..<8]) == [2, 3, 6, 7])
    }
}
