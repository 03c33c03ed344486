/// Encodes `Int64` values as a safetensors integer dtype or BOOL, little-endian.
enum IntegerCoding {
    static func fits(_ v: Int64, _ dtype: SafetensorsDType) -> Bool {
        switch dtype {
        case .i64: true
        case .i32: Int32(exactly: v) != nil
        case .i16: Int16(exactly: v) != nil
        case .i8: Int8(exactly: v) != nil
        case .u32: UInt32(exactly: v) != nil
        case .u16: UInt16(exactly: v) != nil
        case .u8: UInt8(exactly: v) != nil
        case .bool: v == 0 || v == 1
        default: false
        }
    }

    static func encode(_ values: [Int64], as dtype: SafetensorsDType) -> [UInt8] {
        func bytes<T: FixedWidthInteger>(_: T.Type) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(values.count * MemoryLayout<T>.size)
            for v in values { withUnsafeBytes(of: T(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
            return out
        }
        switch dtype {
        case .i64: return bytes(Int64.self)
        case .i32: return bytes(Int32.self)
        case .i16: return bytes(Int16.self)
        case .i8: return bytes(Int8.self)
        case .u32: return bytes(UInt32.self)
        case .u16: return bytes(UInt16.self)
        case .u8, .bool: return bytes(UInt8.self)
        default: preconditionFailure("\(dtype.rawValue) is not an integer dtype")
        }
    }
}
