/// An 8-bit image as written to PNG: `pixels` is [height × width × channels] row-major, one byte
/// per channel (gray: 1 channel, 0 = black; rgb: 3 channels in R, G, B order).
public struct Raster: Equatable, Sendable {
    public enum Format: Sendable, Equatable {
        case gray, rgb

        public var channels: Int { self == .gray ? 1 : 3 }
    }

    public var width: Int
    public var height: Int
    public var format: Format
    public var pixels: [UInt8]

    public init(width: Int, height: Int, format: Format, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }
}
