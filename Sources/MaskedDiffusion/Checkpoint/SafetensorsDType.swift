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
