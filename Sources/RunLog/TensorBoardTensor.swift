/// A `TensorProto` (tensorboard/compat/proto/tensor.proto) as far as scalar metrics need it.
///
/// The scalars plugin and TF2 `tf.summary.scalar` store a metric as a rank-0 tensor instead of
/// `simple_value`; its one element sits either in `tensor_content` (raw little-endian bytes) or
/// in the typed `*_val` list, depending on the writer. Field numbers: dtype 1, tensor_shape 2,
/// tensor_content 4, float_val 5, double_val 6, int_val 7, int64_val 10, half_val 13.
struct TensorBoardTensor: Equatable {
    /// `DataType` enum values (types.proto) this reader turns into numbers.
    enum DataType: Int64 {
        case float = 1, double = 2, int32 = 3, int64 = 9, bfloat16 = 14, half = 19
    }

    var dtype: Int64 = 0
    /// Dimension sizes; empty for a scalar.
    var shape: [Int64] = []
    var content: [UInt8] = []
    var floatValues: [Float] = []
    var doubleValues: [Double] = []
    /// `int_val`, `int64_val` and `half_val` (16-bit patterns of DT_HALF and DT_BFLOAT16).
    var intValues: [Int64] = []
    var int64Values: [Int64] = []
    var halfValues: [Int64] = []

    /// The single value of a one-element numeric tensor, or nil for anything else.
    var scalarValue: Double? {
        guard shape.allSatisfy({ $0 == 1 }), let type = DataType(rawValue: dtype) else { return nil }
        switch type {
        case .float:
            return content.count == 4
                ? Double(Float(bitPattern: UInt32(littleEndianBytes: content))) : floatValues.first.map(Double.init)
        case .double:
            return content.count == 8 ? Double(bitPattern: UInt64(littleEndianBytes: content)) : doubleValues.first
        case .int32:
            return content.count == 4
                ? Double(Int32(bitPattern: UInt32(littleEndianBytes: content))) : intValues.first.map(Double.init)
        case .int64:
            return content.count == 8
                ? Double(Int64(bitPattern: UInt64(littleEndianBytes: content))) : int64Values.first.map(Double.init)
        case .half, .bfloat16:
            let bits =
                content.count == 2 ? UInt16(littleEndianBytes: content) : halfValues.first.map { UInt16(truncatingIfNeeded: $0) }
            guard let bits else { return nil }
            return type == .half ? Self.halfToDouble(bits) : Double(Float(bitPattern: UInt32(bits) << 16))
        }
    }

    /// IEEE binary16 → Double, by hand: `Float16` is not available on every platform Swift targets.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    init(dtype: DataType, shape: [Int64] = [], content: [UInt8] = [], floatValues: [Float] = [], doubleValues: [Double] = []) {
        self.dtype = dtype.rawValue
        self.shape = shape
        self.content = content
        self.floatValues = floatValues
        self.doubleValues = doubleValues
    }

    init(decoding bytes: ArraySlice<UInt8>) throws(ProtobufError) {
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            switch field {
            case 1: dtype = value.int64 ?? 0
            case 2: shape = try Self.decodeShape(value.bytes ?? [])
            case 4: content = Array(value.bytes ?? [])
            case 5: try ProtobufDecoder.appendRepeated(value, to: &floatValues, width: 4) { Float(bitPattern: UInt32($0)) }
            case 6: try ProtobufDecoder.appendRepeated(value, to: &doubleValues, width: 8) { Double(bitPattern: $0) }
            case 7: try ProtobufDecoder.appendRepeatedVarints(value, to: &intValues)
            case 10: try ProtobufDecoder.appendRepeatedVarints(value, to: &int64Values)
            case 13: try ProtobufDecoder.appendRepeatedVarints(value, to: &halfValues)
            default: break
            }
        }
    }

    /// `TensorShapeProto`: repeated `dim = 2`, each `Dim { size = 1 }`.
    private static func decodeShape(_ bytes: ArraySlice<UInt8>) throws(ProtobufError) -> [Int64] {
        var shape: [Int64] = []
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            guard field == 2, let dim = value.bytes else { continue }
            var dimDecoder = ProtobufDecoder(dim)
            var size: Int64 = 0
            while let (f, v) = try dimDecoder.next() {
                if f == 1 { size = v.int64 ?? 0 }
            }
            shape.append(size)
        }
        return shape
    }

    func encode(into out: inout ProtobufEncoder) {
        out.varint(1, dtype)
        out.message(2) { shapeOut in
            for size in shape { shapeOut.message(2) { $0.varint(1, size) } }
        }
        if !content.isEmpty { out.bytes(4, content) }
        if !floatValues.isEmpty { out.packed(5, floatValues) { $0.appendFixed32($1.bitPattern) } }
        if !doubleValues.isEmpty { out.packed(6, doubleValues) { $0.appendFixed64($1.bitPattern) } }
    }
}

private extension FixedWidthInteger {
    /// The integer stored little-endian in exactly `bytes.count == bitWidth / 8` bytes.
    init(littleEndianBytes bytes: [UInt8]) {
        var v: Self = 0
        for (i, b) in bytes.enumerated() { v |= Self(b) << (8 * i) }
        self = v
    }
}
