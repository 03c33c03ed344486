import Testing

@testable import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Failed expectations print a one-line summary instead of 256 floats.
extension GrayImage: CustomTestStringConvertible {
    public var testDescription: String {
        let ink = pixels.reduce(0, +) / Float(pixels.count)
        return "\(height)×\(width) image (mean ink \(ink), hash \(hashValue))"
    }
}

extension LabeledImage: CustomTestStringConvertible {
    public var testDescription: String { "digit \(label): \(image.testDescription)" }
}

/// Shared, lazily built test inputs (a tokenizer fit takes a fraction of a second; built once).
enum ImageFixtures {
    static let generator = GlyphGenerator(seed: 1)

    /// A fresh empty directory for files a test writes.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/unmask-images-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An IDX file: two zero bytes, type, rank, big-endian dims, values.
    static func idx(type: UInt8 = 0x08, dims: [Int], values: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dims.count)]
        for d in dims { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: UInt32(d) >> $0) } }
        return bytes + values
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
