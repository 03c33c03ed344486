/// Class-labelled images as token sequences for class-conditional masked image generation
/// (eMIGM in its toy form, docs/methods.md §3.8: discrete k-means patch codes and a categorical head).
///
/// Sequence layout, length `1 + patchCount`:
///
///     position 0           the class token  K + label   (or the mask id = no class)
///     positions 1...N      patch codes      0..<K       (grid order: left to right, then down)
///
/// Vocabulary `V = K + classCount`: codes first, so code ids do not depend on the class list and
/// the logits an image position may take are the contiguous range `0..<K`; classes after.
/// The model appends the mask id `V` (`ModelConfig.maskTokenId`). The mask id at position 0 is
/// the null class of classifier-free guidance ("CFG with mask", docs/methods.md §3.4): training drops the class
/// by masking it (`EMIGMLoss`), and the unconditional pass of sampling masks it.
///
/// Defaults P = 2, K = 64 on 16×16 images: 64 patch tokens, V = 74. 2×2 patches keep enough
/// spatial detail for a 4-dimensional k-means to reconstruct strokes closely; 4×4 patches would
/// give only 16 tokens (cheaper attention) but a 16-dimensional patch needs far more than 64
/// codes to stay sharp, so the quantisation blur would dominate what the model can learn.
public struct ImagePatchTokenizer: Sendable, Equatable {
    public let imageWidth: Int
    public let imageHeight: Int
    public let codebook: PatchCodebook
    public let classNames: [String]

    public init(
        imageWidth: Int, imageHeight: Int, codebook: PatchCodebook,
        classNames: [String]
    ) throws(ImageTokenizerError) {
        let p = codebook.patchSize
        func invalid(_ reason: String) -> ImageTokenizerError { .invalid(path: "", reason: reason) }
        guard imageWidth > 0, imageHeight > 0, imageWidth % p == 0, imageHeight % p == 0 else {
            throw invalid("a \(imageHeight)×\(imageWidth) image is not a grid of \(p)×\(p) patches")
        }
        guard !classNames.isEmpty else { throw invalid("no classes") }
        guard Set(classNames).count == classNames.count else { throw invalid("duplicate class names") }
        guard codebook.centroids.allSatisfy({ $0.isFinite }) else { throw invalid("non-finite codebook values") }
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.codebook = codebook
        self.classNames = classNames
    }

    /// Learns the codebook on `images` (training images only; all must share one size).
    public static func fit(
        images: [GrayImage], classNames: [String], patchSize: Int = 2, codebookSize: Int = 64,
        seed: UInt64, iterations: Int = 30
    ) throws(ImageTokenizerError) -> ImagePatchTokenizer {
        guard let first = images.first else { throw .invalid(path: "", reason: "no training images") }
        guard images.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw .invalid(path: "", reason: "training images differ in size")
        }
        guard first.width % patchSize == 0 && first.height % patchSize == 0 else {
            throw .invalid(
                path: "", reason: "a \(first.height)×\(first.width) image is not a grid of \(patchSize)×\(patchSize) patches")
        }
        guard codebookSize > 0 else { throw .invalid(path: "", reason: "codebook size must be ≥ 1") }
        let patches = images.flatMap { $0.patches(size: patchSize) }
        let codebook = PatchCodebook.fit(
            patches: patches, patchSize: patchSize, count: codebookSize,
            seed: seed, iterations: iterations)
        return try ImagePatchTokenizer(
            imageWidth: first.width, imageHeight: first.height,
            codebook: codebook, classNames: classNames)
    }

    public var patchSize: Int { codebook.patchSize }
    /// K: patch codes are ids `0..<codebookSize`.
    public var codebookSize: Int { codebook.count }
    public var classCount: Int { classNames.count }
    /// V = K + classCount real tokens.
    public var vocabSize: Int { codebookSize + classCount }
    /// The model's mask id; at position 0 it is the null class.
    public var maskTokenId: Int32 { Int32(vocabSize) }
    public var gridColumns: Int { imageWidth / patchSize }
    public var gridRows: Int { imageHeight / patchSize }
    public var patchCount: Int { gridColumns * gridRows }
    /// The class prefix plus one token per patch.
    public var sequenceLength: Int { 1 + patchCount }
    /// Conditioning positions at the start of a sequence (the class token).
    public var prefixLength: Int { 1 }

    /// What to sample for these classes: the class token as each row's prefix, patch codes only
    /// in the generated region.
    public func problem(classes: [Int]) -> SamplingProblem {
        SamplingProblem(prompts: classes.map { [classToken($0)] }, generatedVocabulary: patchCodes)
    }

    /// The ids of patch codes, the only tokens a patch position takes.
    public var patchCodes: Range<Int32> { 0..<Int32(codebookSize) }

    public func classToken(_ label: Int) -> Int32 {
        precondition(label >= 0 && label < classCount, "ImagePatchTokenizer: label \(label) outside 0..<\(classCount)")
        return Int32(codebookSize + label)
    }

    /// The class a token stands for, or nil (a code, the mask / null class, or out of range).
    public func label(of token: Int32) -> Int? {
        let i = Int(token) - codebookSize
        return i >= 0 && i < classCount ? i : nil
    }

    /// The patch codes of `image`, [patchCount].
    public func patchTokens(_ image: GrayImage) -> [Int32] {
        precondition(
            image.width == imageWidth && image.height == imageHeight,
            "ImagePatchTokenizer: a \(image.height)×\(image.width) image for a \(imageHeight)×\(imageWidth) tokenizer")
        return codebook.encode(image.patches(size: patchSize))
    }

    /// `[class token] ++ patch codes`, [sequenceLength]; `label: nil` puts the null class (mask id) first.
    public func encode(_ image: GrayImage, label: Int?) -> [Int32] {
        [label.map(classToken) ?? maskTokenId] + patchTokens(image)
    }

    /// Whether each patch of `tokens` (a full sequence) is still masked, [patchCount] in grid
    /// order. Any id that is not a code counts as masked: it has no pixels to show.
    public func maskedPatches(_ tokens: [Int32]) -> [Bool] {
        precondition(tokens.count == sequenceLength, "ImagePatchTokenizer: \(tokens.count) tokens, expected \(sequenceLength)")
        return tokens.dropFirst().map { $0 < 0 || Int($0) >= codebookSize }
    }

    /// Pixels of a (possibly partly masked) sequence: each code becomes its centroid, masked
    /// patches are filled with `maskFill` and flagged in `maskedPatches`.
    public func decode(_ tokens: [Int32], maskFill: Float = 0.5) -> DecodedImage {
        let masked = maskedPatches(tokens)
        let dim = codebook.dimension
        var values = [Float](repeating: maskFill, count: patchCount * dim)
        for (i, token) in tokens.dropFirst().enumerated() where !masked[i] {
            values.replaceSubrange(i * dim..<(i + 1) * dim, with: codebook.centroid(Int(token)))
        }
        let image = GrayImage(patches: values, size: patchSize, width: imageWidth, height: imageHeight)
        return DecodedImage(image: image, maskedPatches: masked, label: label(of: tokens[0]), patchSize: patchSize)
    }

    /// `image` as the tokenizer sees it: every patch replaced by its nearest centroid.
    public func quantized(_ image: GrayImage) -> GrayImage {
        let values = patchTokens(image).flatMap { codebook.centroid(Int($0)) }
        return GrayImage(patches: values, size: patchSize, width: imageWidth, height: imageHeight)
    }
}
