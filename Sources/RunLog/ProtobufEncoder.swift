/// Protobuf wire-format output, field by field: just enough for TensorBoard's `Event` family.
///
/// Hand-written instead of depending on swift-protobuf, whose code-generator plugin takes
/// minutes to build here; the handful of messages an event file needs fit in a few lines.
/// Fields are written in the order they are added, which is all the format asks.
struct ProtobufEncoder {
    private(set) var bytes: [UInt8] = []

    /// Wire types: how a field's value is laid out after its key.
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    mutating func key(_ field: Int, _ type: WireType) {
        appendVarint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func appendFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func appendFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// An `int64`, `int32` or enum field: negative numbers take ten bytes (two's complement).
    mutating func varint(_ field: Int, _ value: Int64) {
        key(field, .varint)
        appendVarint(UInt64(bitPattern: value))
    }

    mutating func double(_ field: Int, _ value: Double) {
        key(field, .fixed64)
        appendFixed64(value.bitPattern)
    }

    mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        appendFixed32(value.bitPattern)
    }

    mutating func bytes<Bytes: Collection<UInt8>>(_ field: Int, _ value: Bytes) {
        key(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, value.utf8) }

    /// A nested message, built by `body` into its own buffer so its length can lead it.
    mutating func message(_ field: Int, _ body: (inout ProtobufEncoder) -> Void) {
        var nested = ProtobufEncoder()
        body(&nested)
        bytes(field, nested.bytes)
    }

    /// A `repeated` scalar field in packed form (one length-delimited run of values).
    mutating func packed<Values: Collection>(
        _ field: Int, _ values: Values, _ each: (inout ProtobufEncoder, Values.Element) -> Void
    ) {
        message(field) { out in
            for v in values { each(&out, v) }
        }
    }
}
