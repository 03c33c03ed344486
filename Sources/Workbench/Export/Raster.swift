/// An 8-bit image as written to PNG: `pixels` is [height × width × channels] row-major, one byte
/// per channel (gray: 1 channel, 0 = black; rgb: 3 channels in R, G, B order).
struct Raster: Equatable, Sendable {
    enum Format: Sendable, Equatable {
        case gray, rgb

        var channels: Int { self == .gray ? 1 : 3 }
    }

    var width: Int
    var height: Int
    var format: Format
    var pixels: [UInt8]

}
