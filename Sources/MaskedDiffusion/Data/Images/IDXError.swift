/// Why an MNIST-format IDX file (or a pair of them) could not be read. Every case names the file,
/// so a user pointing at the wrong path sees which one is wrong and how.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// The first two bytes must be zero; `found` is the 4-byte magic number as read.
    case badMagic(file: String, found: UInt32)
    /// Only unsigned bytes (0x08), MNIST's type, are supported.
    case unsupportedType(file: String, typeCode: UInt8)
    /// Images need 3 dimensions [N, rows, columns], labels 1 [N].
    case wrongRank(file: String, expected: Int, found: Int)
    /// The header promises `expected` bytes in all (header included) but the file has `actual`.
    case wrongSize(file: String, expected: Int, actual: Int)
    case countMismatch(imagesFile: String, images: Int, labelsFile: String, labels: Int)
    /// A label outside the class list.
    case labelOutOfRange(file: String, index: Int, label: Int, classCount: Int)
    case empty(file: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read (\(reason))"
        case let .badMagic(file, found):
            let hex = String(found, radix: 16, uppercase: true)
            return "\(file): not an IDX file (magic number 0x\(String(repeating: "0", count: max(0, 8 - hex.count)))\(hex); "
                + "expected 0x0000 then a type byte and a dimension count)"
        case let .unsupportedType(file, code):
            return "\(file): IDX data type 0x\(String(code, radix: 16, uppercase: true)) is not supported "
                + "(only unsigned bytes, 0x08, as in MNIST)"
        case let .wrongRank(file, expected, found):
            return "\(file): \(found) dimensions, expected \(expected)"
                + (expected == 3 ? " (images: count, rows, columns)" : " (labels: count)")
        case let .wrongSize(file, expected, actual):
            return actual < expected
                ? "\(file): truncated: header promises \(expected) bytes, file has \(actual)"
                : "\(file): \(actual - expected) unexpected bytes after the \(expected) the header promises"
        case let .countMismatch(imagesFile, images, labelsFile, labels):
            return "\(imagesFile) holds \(images) images but \(labelsFile) holds \(labels) labels"
        case let .labelOutOfRange(file, index, label, classCount):
            return "\(file): label \(label) at index \(index) is outside 0..<\(classCount)"
        case let .empty(file): return "\(file): holds no items"
        }
    }
}
