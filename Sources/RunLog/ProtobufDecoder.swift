/// Protobuf wire-format input: walks a message's fields without copying its bytes.
///
/// Each `next()` yields one field number and its raw value; callers switch on the numbers they
/// know and ignore the rest, which is how protobuf stays readable across schema versions.
/// Length-delimited values are slices of the same buffer, so nested messages decode in place.
struct ProtobufDecoder {
    /// A field's value as laid out on the wire, before the schema gives it a type.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(ArraySlice<UInt8>)
        case fixed32(UInt32)

        var int64: Int64? { if case .varint(let v) = self { Int64(bitPattern: v) } else { nil } }
        var double: Double? { if case .fixed64(let v) = self { Double(bitPattern: v) } else { nil } }
        var float: Float? { if case .fixed32(let v) = self { Float(bitPattern: v) } else { nil } }
        var bytes: ArraySlice<UInt8>? { if case .lengthDelimited(let b) = self { b } else { nil } }
        var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(ProtobufError) -> (field: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let key = try readVarint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0 else { throw ProtobufError(offset: position, problem: "field number 0") }
        switch key & 7 {
        case 0: return (field, .varint(try readVarint()))
        case 1: return (field, .fixed64(try readFixed(8)))
        case 2:
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw ProtobufError(offset: position, problem: "length \(length) runs past the end")
            }
            let start = position
            position += Int(length)
            return (field, .lengthDelimited(bytes[start..<position]))
        case 5: return (field, .fixed32(UInt32(try readFixed(4))))
        default:
            throw ProtobufError(offset: position, problem: "unsupported wire type \(key & 7)")
        }
    }

    private mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex && shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw ProtobufError(offset: position, problem: "unterminated varint")
    }

    private mutating func readFixed(_ count: Int) throws(ProtobufError) -> UInt64 {
        guard bytes.endIndex - position >= count else {
            throw ProtobufError(offset: position, problem: "\(count)-byte value runs past the end")
        }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(bytes[position + i]) << (8 * i) }
        position += count
        return value
    }

    /// The elements of a `repeated` fixed-width field, which writers may send packed (one
    /// length-delimited run) or unpacked (one field per element); both forms may even mix.
    static func appendRepeated<T>(_ value: Value, to array: inout [T], width: Int, _ make: (UInt64) -> T) throws(ProtobufError) {
        switch value {
        case .fixed32(let v) where width == 4: array.append(make(UInt64(v)))
        case .fixed64(let v) where width == 8: array.append(make(v))
        case .lengthDelimited(let run):
            guard run.count % width == 0 else {
                throw ProtobufError(
                    offset: run.startIndex, problem: "packed run of \(run.count) bytes is not a multiple of \(width)")
            }
            var i = run.startIndex
            while i < run.endIndex {
                var v: UInt64 = 0
                for k in 0..<width { v |= UInt64(run[i + k]) << (8 * k) }
                array.append(make(v))
                i += width
            }
        default: throw ProtobufError(offset: nil, problem: "wrong wire type for a repeated \(width * 8)-bit field")
        }
    }

    /// The elements of a `repeated` varint field (int32, int64, bool), packed or unpacked.
    static func appendRepeatedVarints(_ value: Value, to array: inout [Int64]) throws(ProtobufError) {
        switch value {
        case .varint(let v): array.append(Int64(bitPattern: v))
        case .lengthDelimited(let run):
            var decoder = ProtobufDecoder(run)
            while decoder.position < run.endIndex { array.append(Int64(bitPattern: try decoder.readVarint())) }
        default: throw ProtobufError(offset: nil, problem: "wrong wire type for a repeated varint field")
        }
    }
}

/// Bytes that are not a well-formed protobuf message.
struct ProtobufError: Error, CustomStringConvertible {
    /// Index into the buffer being decoded, where known.
    let offset: Int?
    let problem: String

    var description: String { offset.map { "malformed protobuf at byte \($0): \(problem)" } ?? "malformed protobuf: \(problem)" }
}
