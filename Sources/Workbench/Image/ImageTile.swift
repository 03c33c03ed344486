import MaskedDiffusion

/// One image sample at one trajectory step, ready to draw or export: its pixels, which patches
/// are still masked or were revealed by this step, and its class.
///
/// Shapes: `pixels` is [height × width] row-major in 0…1 (0 = background, 1 = ink); `patches` is
/// [gridRows × gridColumns] in grid order (left to right, then down), `gridColumns = width /
/// patchSize`. A masked patch's pixels are 0 and carry no meaning: a masked patch has no code,
/// so it is drawn as "unknown", never as a guessed patch.
struct ImageTile: Sendable, Equatable {
    /// What a patch is at this step.
    enum PatchState: Sendable, Equatable {
        /// Still the mask token (or any id that is not a patch code).
        case masked
        /// A code now, and masked (or a different code) at the previous step.
        case revealedNow
        /// A code now and unchanged since the previous step.
        case revealedEarlier
    }

    let width: Int
    let height: Int
    /// [height × width] row-major, 0…1; 0 inside masked patches.
    let pixels: [Float]
    let patchSize: Int
    /// [gridRows × gridColumns] in grid order.
    let patches: [PatchState]
    /// The class name, or `uncond` for the null class (a masked class token) or no prefix.
    let label: String

    var gridColumns: Int { width / patchSize }
    var gridRows: Int { height / patchSize }

    /// The label of an unconditional sample.
    static let unconditionalLabel = "uncond"

    /// A tile from given parts; `pixels.count == width * height`, `patches.count` one per patch.
    init(width: Int, height: Int, pixels: [Float], patchSize: Int, patches: [PatchState], label: String) {
        precondition(
            patchSize > 0 && width > 0 && height > 0 && width % patchSize == 0 && height % patchSize == 0,
            "ImageTile: \(height)×\(width) is not a grid of \(patchSize)×\(patchSize) patches")
        precondition(
            pixels.count == width * height && patches.count == (width / patchSize) * (height / patchSize),
            "ImageTile: \(pixels.count) pixels and \(patches.count) patches for \(height)×\(width)")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.patchSize = patchSize
        self.patches = patches
        self.label = label
    }

    /// The tile of one trajectory row.
    ///
    /// - Parameters:
    ///   - tokens: the row's whole sequence at this step, [prefixLength + patchCount]; the mask id
    ///     (or any non-code id) marks a masked patch.
    ///   - previous: the same row at the previous step (e.g. the header's initial tokens before
    ///     step 1), or nil when there is none: then no patch counts as revealed this step.
    ///   - prefixLength: conditioning tokens before the patches; the class token is the last of
    ///     them (the image tokenizer's layout has exactly one).
    init(
        tokens: [Int32], previous: [Int32]?, tokenizer: ImagePatchTokenizer,
        prefixLength: Int
    ) throws(ImageTileError) {
        let expected = prefixLength + tokenizer.patchCount
        guard prefixLength >= 0, tokens.count == expected else {
            throw .wrongLength(row: "tokens", expected: expected, actual: tokens.count)
        }
        if let previous, previous.count != expected {
            throw .wrongLength(row: "previous tokens", expected: expected, actual: previous.count)
        }
        let codes = tokenizer.codebookSize
        func isCode(_ token: Int32) -> Bool { token >= 0 && Int(token) < codes }

        let p = tokenizer.patchSize, w = tokenizer.imageWidth
        var pixels = [Float](repeating: 0, count: w * tokenizer.imageHeight)
        var states: [PatchState] = []
        states.reserveCapacity(tokenizer.patchCount)
        for i in 0..<tokenizer.patchCount {
            let token = tokens[prefixLength + i]
            guard isCode(token) else {
                states.append(.masked)
                continue
            }
            let before = previous?[prefixLength + i]
            states.append(before == nil || before == token ? .revealedEarlier : .revealedNow)
            let (gridRow, gridColumn) = i.quotientAndRemainder(dividingBy: tokenizer.gridColumns)
            for (k, value) in tokenizer.codebook.centroid(Int(token)).enumerated() {
                let (r, c) = k.quotientAndRemainder(dividingBy: p)
                pixels[(gridRow * p + r) * w + gridColumn * p + c] = value
            }
        }
        let label = prefixLength > 0 ? tokenizer.label(of: tokens[prefixLength - 1]) : nil
        self.init(
            width: w, height: tokenizer.imageHeight, pixels: pixels, patchSize: p, patches: states,
            label: label.map { tokenizer.classNames[$0] } ?? Self.unconditionalLabel)
    }

    /// The state of the patch holding pixel (row, column).
    func state(row: Int, column: Int) -> PatchState {
        patches[(row / patchSize) * gridColumns + column / patchSize]
    }

    /// Pixel (row, column) in 0…1.
    subscript(row: Int, column: Int) -> Float { pixels[row * width + column] }
}

/// Why a token row cannot be shown as an image tile.
enum ImageTileError: Error, Equatable, CustomStringConvertible {
    case wrongLength(row: String, expected: Int, actual: Int)

    var description: String {
        switch self {
        case let .wrongLength(row, expected, actual):
            return "image sample: \(row) hold \(actual) ids, the image tokenizer needs \(expected) (prefix + patches)"
        }
    }
}
