import Testing

@testable import MaskedDiffusion

struct ImageDatasetTests {
    let glyphs = try! ImageDataset(glyphs: ImageFixtures.generator, testCount: 512, tokenizer: ImageFixtures.tokenizer)

    @Test func trainingExamplesArePureFunctionsOfSeedAndIndex() {
        let a = (0..<50).map { glyphs.trainingExample($0, seed: 11) }
        let b = (0..<50).reversed().map { glyphs.trainingExample($0, seed: 11) }.reversed()
        #expect(a.map(\.tokens) == b.map(\.tokens) && a.map(\.label) == b.map(\.label))
        let distinct = Set(a.map(\.tokens)).count
        #expect(distinct == 50)
        #expect(glyphs.trainingExample(0, seed: 12).tokens != a[0].tokens)
        for example in a {
            #expect(example.tokens.count == 65 && example.tokens[0] == Int32(64 + example.label))
        }
    }

    @Test func testSetIsFixedBalancedAndLargeEnough() {
        let test = glyphs.testSet()
        #expect(test.count == 512)
        #expect((0..<10).allSatisfy { c in test.filter { $0.label == c }.count >= 51 })
        let stable = test.map(\.tokens) == glyphs.testSet().map(\.tokens)
        let fromTestSplit = glyphs.testImages() == ImageFixtures.generator.images(0..<512, split: .test)
        #expect(stable && fromTestSplit)
    }

    @Test func trainingBatchesAreConsecutiveExamples() {
        let batch = glyphs.batch(step: 3, size: 4, seed: 11)
        #expect(batch.batch == 4 && batch.seqLen == 65 && glyphs.seqLen == 65 && batch.prefixLengths == [1, 1, 1, 1])
        let expected = (12..<16).flatMap { glyphs.trainingExample($0, seed: 11).tokens }
        #expect(batch.tokens == expected)
    }

    /// The disjointness rule: training draws only from the `.train` split, so no training image
    /// (any run seed) equals a test image.
    @Test func trainingNeverProducesATestImage() {
        let test = Set(glyphs.testImages().map(\.image))
        for seed: UInt64 in [0, 11] {
            let leaked = (0..<1500).filter { test.contains(glyphs.trainingImage($0, seed: seed).image) }
            #expect(leaked.isEmpty, "training examples \(leaked) of seed \(seed) are test images")
        }
        #expect(!test.contains(ImageFixtures.generator.image(0, split: .train).image))
        #expect(test.contains(ImageFixtures.generator.image(0, split: .test).image))  // the check can fail
    }

    /// An IDX pair without a test file: the last `heldOut` images are the test set and training
    /// never draws them; 28×28 images are resized to the tokenizer's 16×16.
    @Test func idxDatasetHoldsOutTheTailAndResizes() throws {
        let count = 300, heldOut = 256
        // Image n is a glyph of the same generator at 28×28, so every image is distinct.
        let big = GlyphGenerator(seed: 4, size: 28)
        let items = big.images(0..<count)
        let pixels = items.flatMap { $0.image.pixels.map { UInt8(($0 * 255).rounded()) } }
        let dir = try ImageFixtures.temporaryDirectory()
        try ImageFixtures.write(ImageFixtures.idx(dims: [count, 28, 28], values: pixels), to: dir + "/i")
        try ImageFixtures.write(ImageFixtures.idx(dims: [count], values: items.map { UInt8($0.label) }), to: dir + "/l")

        let dataset = try ImageDataset(
            train: IDXReader.readLabeled(images: dir + "/i", labels: dir + "/l"),
            heldOut: heldOut, tokenizer: ImageFixtures.tokenizer)
        let test = dataset.testImages()
        #expect(test.count == heldOut && dataset.testSet().count == heldOut)
        #expect(test.allSatisfy { $0.image.width == 16 && $0.image.height == 16 })
        #expect(test.map(\.label) == items.suffix(heldOut).map(\.label))
        let testImages = Set(test.map(\.image))
        let drawn = (0..<400).map { dataset.trainingImage($0, seed: 3).image }
        let leaked = drawn.filter { testImages.contains($0) }.count
        #expect(leaked == 0, "\(leaked) training draws are held-out images")
        let seen = Set(drawn)
        #expect(seen.count == count - heldOut)  // every training image is reachable
        #expect(dataset.trainingExample(7, seed: 3).tokens == dataset.trainingExample(7, seed: 3).tokens)
    }

    @Test func mismatchedInputsAreRejected() {
        #expect(throws: ImageTokenizerError.self) {
            try ImageDataset(glyphs: GlyphGenerator(seed: 1, size: 20), tokenizer: ImageFixtures.tokenizer)
        }
        let few = ImageFixtures.generator.images(0..<10)
        #expect(throws: ImageTokenizerError.self) {
            try ImageDataset(train: few, heldOut: 10, tokenizer: ImageFixtures.tokenizer)
        }
        let badLabel = [LabeledImage(image: few[0].image, label: 12)]
        #expect(throws: ImageTokenizerError.self) {
            try ImageDataset(train: few, test: badLabel, tokenizer: ImageFixtures.tokenizer)
        }
    }
}
