/// A token sequence turned back into pixels for display, with what is still unknown marked.
public struct DecodedImage: Sendable, Equatable {
    /// [height, width]; the pixels of a masked patch hold the tokenizer's fill value.
    public var image: GrayImage
    /// [patchCount] in grid order: true where the patch token is the mask (or any non-code id).
    public var maskedPatches: [Bool]
    /// The class of the prefix token; nil when it is the mask (the null class) or not a class.
    public var label: Int?
    public var patchSize: Int

    /// Whether pixel (row, column) lies in a masked patch.
    public func isMasked(row: Int, column: Int) -> Bool {
        maskedPatches[(row / patchSize) * (image.width / patchSize) + column / patchSize]
    }
}
