import CPNG
import MaskedDiffusion

/// PNG files through libpng's simplified write API (`png_image_write_to_memory`). That API
/// reports errors in `png_image.message` instead of `longjmp`ing, so it is safe to call from
/// Swift, where `setjmp` is unavailable.
enum PNGWriter {
    /// Encodes `raster` and writes it atomically (see `AtomicFile`).
    static func write(_ raster: Raster, to path: String) throws(ExportError) {
        let bytes: [UInt8]
        do { bytes = try encode(raster) } catch { throw ExportError(path: path, reason: error.reason) }
        try AtomicFile.store(bytes, at: path) { ExportError(path: path, reason: $0) }
    }

    struct EncodingFailure: Error {
        var reason: String
    }

    /// The PNG file's bytes.
    static func encode(_ raster: Raster) throws(EncodingFailure) -> [UInt8] {
        let (w, h, channels) = (raster.width, raster.height, raster.format.channels)
        guard w > 0, h > 0, w * channels <= Int(Int32.max), h <= Int(Int32.max) else {
            throw EncodingFailure(reason: "a \(w)×\(h) image cannot be a PNG")
        }
        guard raster.pixels.count == w * h * channels else {
            throw EncodingFailure(reason: "\(raster.pixels.count) bytes for a \(w)×\(h) image with \(channels) channel(s)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(w)
        image.height = png_uint_32(h)
        image.format = raster.format == .gray ? png_uint_32(PNG_FORMAT_GRAY) : png_uint_32(PNG_FORMAT_RGB)
        let stride = png_int_32(w * channels)
        // First call sizes the output, second fills it.
        var size: png_alloc_size_t = 0
        let sized = raster.pixels.withUnsafeBytes {
            png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, stride, nil)
        }
        guard sized != 0 else { throw EncodingFailure(reason: message(&image)) }
        var out = [UInt8](repeating: 0, count: Int(size))
        let done = raster.pixels.withUnsafeBytes { pixels in
            out.withUnsafeMutableBytes {
                png_image_write_to_memory(&image, $0.baseAddress, &size, 0, pixels.baseAddress, stride, nil)
            }
        }
        guard done != 0 else { throw EncodingFailure(reason: message(&image)) }
        return Array(out.prefix(Int(size)))
    }

    /// libpng's error text (a NUL-terminated char[64] inside the struct).
    private static func message(_ image: inout png_image) -> String {
        defer { png_image_free(&image) }
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return "libpng: " + (text.isEmpty ? "unknown error" : text)
    }
}
