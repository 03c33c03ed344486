/// An element type of a safetensors tensor, spelled as in the file header.
///
/// Cases are declared in the reference implementation's `Dtype` order (huggingface/safetensors
/// `tensor.rs`), which increases with alignment; the writer sorts tensors by this order
/// descending, then by name, exactly as the reference does, so both write identical bytes.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case bool = "BOOL"
    case f4 = "F4"
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    case f8E8M0 = "F8_E8M0"
    case f8E4M3FNUZ = "F8_E4M3FNUZ"
    case f8E5M2FNUZ = "F8_E5M2FNUZ"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element; F4 and F6 pack several elements per byte.
    public var bits: Int {
        switch self {
        case .f4: 4
        case .f6E2M3, .f6E3M2: 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: 8
        case .i16, .u16, .f16, .bf16: 16
        case .i32, .u32, .f32: 32
        case .c64, .f64, .i64, .u64: 64
        }
    }

    /// The dtypes whose values convert to `Float`.
    public static let floating: [SafetensorsDType] = [.f32, .f16, .bf16, .f64]
    /// The dtypes whose values convert to `Int64` (token ids, labels, masks).
    public static let integral: [SafetensorsDType] = [.i64, .i32, .i16, .i8, .u32, .u16, .u8, .bool]

    /// Position in the reference's order: the writer's primary sort key (descending).
    var writeRank: Int { Self.allCases.firstIndex(of: self)! }

    /// Bytes taken by `count` elements, or nil when that is not a whole number of bytes
    /// (sub-byte dtypes must end on a byte boundary) or overflows.
    func byteCount(elements count: Int) -> Int? {
        let (total, overflow) = count.multipliedReportingOverflow(by: bits)
        return overflow || total % 8 != 0 ? nil : total / 8
    }
}

/// bfloat16 ↔ Float: bfloat16 is the upper 16 bits of an IEEE binary32.
enum BFloat16 {
    @inline(__always)
    static func decode(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// Rounds to nearest, ties to even, exactly as PyTorch's `round_to_nearest_even`
    /// (c10/util/BFloat16.h): every NaN becomes the canonical quiet NaN 0x7FC0.
    @inline(__always)
    static func encode(_ x: Float) -> UInt16 {
        let b = x.bitPattern
        if x.isNaN { return 0x7FC0 }
        return UInt16(truncatingIfNeeded: (b &+ 0x7FFF &+ ((b >> 16) & 1)) >> 16)
    }
}

/// Encodes engine `Float`s as a safetensors float dtype, little-endian, in bounded chunks so a
/// large tensor is never duplicated in memory while it is written.
enum FloatCoding {
    static let chunkElements = 1 << 16

    static func encode<E: Error>(
        _ values: UnsafePointer<Float>, count: Int, as dtype: SafetensorsDType,
        to sink: (UnsafeRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        #if _endian(little)
            if dtype == .f32 {
                try sink(UnsafeRawBufferPointer(start: values, count: count * 4))
                return
            }
        #endif
        let width = dtype.bits / 8
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: min(count, chunkElements) * width, alignment: 8)
        defer { chunk.deallocate() }
        var start = 0
        while start < count {
            let n = min(chunkElements, count - start)
            let src = values + start
            let dst = chunk.baseAddress!
            switch dtype {
            case .f32:
                for i in 0..<n { dst.storeBytes(of: src[i].bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
            case .f16:
                for i in 0..<n {
                    dst.storeBytes(of: Float16(src[i]).bitPattern.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
            case .bf16:
                for i in 0..<n { dst.storeBytes(of: BFloat16.encode(src[i]).littleEndian, toByteOffset: 2 * i, as: UInt16.self) }
            case .f64:
                for i in 0..<n {
                    dst.storeBytes(of: Double(src[i]).bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            default:
                preconditionFailure("\(dtype.rawValue) is not a float dtype")
            }
            try sink(UnsafeRawBufferPointer(start: dst, count: n * width))
            start += n
        }
    }
}

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
