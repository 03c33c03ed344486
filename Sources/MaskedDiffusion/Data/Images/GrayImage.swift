/// A grayscale image: `pixels` is [height, width] row-major, 0 = background, 1 = full ink.
///
/// Float because the pixels feed k-means and the terminal's half-block widget directly; the
/// range is a convention every producer here keeps (generators clamp, IDX bytes are divided by 255).
public struct GrayImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(
            width > 0 && height > 0 && pixels.count == width * height,
            "GrayImage: \(pixels.count) pixels for \(height)×\(width)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(row: Int, column: Int) -> Float {
        get { pixels[row * width + column] }
        set { pixels[row * width + column] = newValue }
    }
}

/// An image with its class (0-based; a digit's class is the digit).
public struct LabeledImage: Sendable, Hashable {
    public var image: GrayImage
    public var label: Int

    public init(image: GrayImage, label: Int) {
        self.image = image
        self.label = label
    }
}
