/// Labelled images as token sequences for training and evaluation: procedural glyphs or an
/// MNIST-format IDX pair, through one `ImagePatchTokenizer`.
///
/// Training example `n` under run seed `seed` is a pure function of `(seed, n)`: the seed picks
/// a training item on the RNG path `[dataset tag, n]` of the `.data` stream (uniformly with
/// replacement), so a resumed run sees the same data and different seeds see different orders.
/// Glyph training items come from the generator's `.train` split (2⁶² of them, effectively
/// always fresh), IDX items from the training images. The test set is fixed by the dataset
/// alone (glyph `.test` split indices `0..<testCount`, or the test images), never by `seed`,
/// and shares no item with training (see `ImageSplit`).
public struct ImageDataset: Sendable {
    public enum Source: Sendable {
        case glyphs(GlyphGenerator, testCount: Int)
        /// Images already at the tokenizer's size.
        case images(train: [LabeledImage], test: [LabeledImage])
    }

    public let source: Source
    public let tokenizer: ImagePatchTokenizer
    static let pathTag: UInt64 = 0x4441_5441_5345_54  // "DATASET"

    /// Procedural glyphs; the tokenizer must have the generator's image size and ≥ 10 classes.
    public init(
        glyphs generator: GlyphGenerator, testCount: Int = 512,
        tokenizer: ImagePatchTokenizer
    ) throws(ImageTokenizerError) {
        guard tokenizer.imageWidth == generator.size, tokenizer.imageHeight == generator.size else {
            throw .invalid(
                path: "",
                reason: "tokenizer is \(tokenizer.imageHeight)×\(tokenizer.imageWidth), "
                    + "glyphs are \(generator.size)×\(generator.size)")
        }
        guard tokenizer.classCount >= GlyphGenerator.classCount else {
            throw .invalid(path: "", reason: "tokenizer has \(tokenizer.classCount) classes, glyphs need 10")
        }
        precondition(testCount > 0)
        source = .glyphs(generator, testCount: testCount)
        self.tokenizer = tokenizer
    }

    /// Labelled images (e.g. from `IDXReader.readLabeled`), resized by area averaging to the
    /// tokenizer's image size. With no `test` images, the last `heldOut` training images become
    /// the test set and are removed from training.
    public init(
        train: [LabeledImage], test: [LabeledImage]? = nil, heldOut: Int = 1000,
        tokenizer: ImagePatchTokenizer
    ) throws(ImageTokenizerError) {
        func fitted(_ items: [LabeledImage]) -> [LabeledImage] {
            items.map {
                LabeledImage(
                    image: $0.image.resized(width: tokenizer.imageWidth, height: tokenizer.imageHeight),
                    label: $0.label)
            }
        }
        var trainItems = fitted(train), testItems = fitted(test ?? [])
        if test == nil {
            guard trainItems.count > heldOut, heldOut > 0 else {
                throw .invalid(path: "", reason: "\(trainItems.count) images cannot hold out \(heldOut) for testing")
            }
            testItems = Array(trainItems.suffix(heldOut))
            trainItems.removeLast(heldOut)
        }
        guard !trainItems.isEmpty, !testItems.isEmpty else { throw .invalid(path: "", reason: "empty training or test set") }
        if let bad = (trainItems + testItems).first(where: { $0.label < 0 || $0.label >= tokenizer.classCount }) {
            throw .invalid(path: "", reason: "label \(bad.label) outside the tokenizer's \(tokenizer.classCount) classes")
        }
        source = .images(train: trainItems, test: testItems)
        self.tokenizer = tokenizer
    }

    /// The training image behind example `n` of run `seed`.
    public func trainingImage(_ n: Int, seed: UInt64) -> LabeledImage {
        var rng = RNG(seed: seed, stream: .data, path: [Self.pathTag, UInt64(n)])
        switch source {
        case let .glyphs(generator, _): return generator.image(Int(rng.next() >> 2), split: .train)
        case let .images(train, _): return train[rng.int(below: train.count)]
        }
    }

    /// Training example `n` of run `seed`: `[class token] ++ patch codes` and its label.
    public func trainingExample(_ n: Int, seed: UInt64) -> (tokens: [Int32], label: Int) {
        let item = trainingImage(n, seed: seed)
        return (tokenizer.encode(item.image, label: item.label), item.label)
    }

    public func testImages() -> [LabeledImage] {
        switch source {
        case let .glyphs(generator, testCount): return generator.images(0..<testCount, split: .test)
        case let .images(_, test): return test
        }
    }

    /// The fixed evaluation set, encoded.
    public func testSet() -> [(tokens: [Int32], label: Int)] {
        testImages().map { (tokenizer.encode($0.image, label: $0.label), $0.label) }
    }
}
