#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads MNIST-format IDX files: plain (not gzipped) ubyte images [N, rows, columns] and labels [N].
///
/// Layout: two zero bytes, a type byte (0x08 = unsigned byte), a dimension count, one big-endian
/// UInt32 per dimension, then the values row-major. Sizes are checked exactly: a short file is
/// "truncated", a long one has "unexpected bytes", so a wrong or half-downloaded file fails loudly
/// with its name instead of yielding garbage images.
public enum IDXReader {
    /// Images with pixels scaled to [0, 1] (byte / 255), at the file's native size (28×28 for MNIST).
    public static func readImages(at path: String) throws(IDXError) -> [GrayImage] {
        try parseImages(readBytes(path), file: path)
    }

    public static func readLabels(at path: String) throws(IDXError) -> [Int] {
        try parseLabels(readBytes(path), file: path)
    }

    /// An image file and its label file, checked to hold the same count and labels in
    /// `0..<classCount`.
    public static func readLabeled(
        images imagesPath: String, labels labelsPath: String,
        classCount: Int = 10
    ) throws(IDXError) -> [LabeledImage] {
        let images = try readImages(at: imagesPath)
        let labels = try readLabels(at: labelsPath)
        guard images.count == labels.count else {
            throw .countMismatch(imagesFile: imagesPath, images: images.count, labelsFile: labelsPath, labels: labels.count)
        }
        if let i = labels.firstIndex(where: { $0 >= classCount }) {
            throw .labelOutOfRange(file: labelsPath, index: i, label: labels[i], classCount: classCount)
        }
        return zip(images, labels).map { LabeledImage(image: $0, label: $1) }
    }

    static func parseImages(_ bytes: [UInt8], file: String) throws(IDXError) -> [GrayImage] {
        let (dims, offset) = try header(bytes, rank: 3, file: file)
        let (count, rows, columns) = (dims[0], dims[1], dims[2])
        guard rows > 0 && columns > 0 else { throw .empty(file: file) }
        let pixels = rows * columns
        return (0..<count).map { n in
            let start = offset + n * pixels
            return GrayImage(
                width: columns, height: rows,
                pixels: bytes[start..<start + pixels].map { Float($0) / 255 })
        }
    }

    static func parseLabels(_ bytes: [UInt8], file: String) throws(IDXError) -> [Int] {
        let (_, offset) = try header(bytes, rank: 1, file: file)
        return bytes[offset...].map(Int.init)
    }

    /// The dimensions and the offset of the first value, after checking magic, type, rank,
    /// a non-zero count and the exact file size.
    static func header(_ bytes: [UInt8], rank: Int, file: String) throws(IDXError) -> (dims: [Int], offset: Int) {
        func word(_ at: Int) -> UInt32 {
            bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        guard bytes.count >= 4 else { throw .wrongSize(file: file, expected: 4, actual: bytes.count) }
        guard bytes[0] == 0 && bytes[1] == 0 else { throw .badMagic(file: file, found: word(0)) }
        guard bytes[2] == 0x08 else { throw .unsupportedType(file: file, typeCode: bytes[2]) }
        guard Int(bytes[3]) == rank else { throw .wrongRank(file: file, expected: rank, found: Int(bytes[3])) }
        let offset = 4 + 4 * rank
        guard bytes.count >= offset else { throw .wrongSize(file: file, expected: offset, actual: bytes.count) }
        let dims = (0..<rank).map { Int(word(4 + 4 * $0)) }
        guard dims[0] > 0 else { throw .empty(file: file) }
        // A corrupt header can promise more than Int can count: that is "truncated" too.
        var values = 1, overflow = false
        for d in dims {
            let (product, o) = values.multipliedReportingOverflow(by: d)
            values = product
            overflow = overflow || o
        }
        let expected = overflow || values > Int.max - offset ? Int.max : offset + values
        guard bytes.count == expected else { throw .wrongSize(file: file, expected: expected, actual: bytes.count) }
        return (dims, offset)
    }

    static func readBytes(_ path: String) throws(IDXError) -> [UInt8] {
        // The reason in words: Foundation's error on Linux reads "The operation could not be completed".
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { throw .unreadable(file: path, reason: "a folder, not a file") }
        guard access(path, R_OK) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        do { return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
    }
}
