/// One tensor of an open `SafetensorsFile`: its dtype, shape and raw little-endian bytes,
/// with conversions to the engine's `Float` and to integers.
///
/// The view keeps the file's mapping alive, so it stays valid after the file object is gone.
public struct SafetensorsTensor: @unchecked Sendable {
    public let name: String
    public let dtype: SafetensorsDType
    public let shape: [Int]
    /// The tensor's bytes inside the file (row-major, little-endian; may be unaligned).
    public let bytes: UnsafeRawBufferPointer
    /// The file, for errors.
    public let path: String
    private let owner: AnyObject

    init(entry: SafetensorsHeader.Entry, bytes: UnsafeRawBufferPointer, path: String, owner: AnyObject) {
        self.name = entry.name
        self.dtype = entry.dtype
        self.shape = entry.shape
        self.bytes = bytes
        self.path = path
        self.owner = owner
    }

    public var count: Int { shape.reduce(1, *) }

    /// Converts F32, F16, BF16 or F64 values into `destination` (exactly `count` elements).
    public func copyFloats(into destination: UnsafeMutableBufferPointer<Float>) throws(SafetensorsError) {
        precondition(destination.count == count, "\(destination.count) floats for tensor '\(name)' of \(count)")
        guard let out = destination.baseAddress, count > 0 else {
            try requireDType(SafetensorsDType.floating)
            return
        }
        let src = bytes
        switch dtype {
        case .f32:
            #if _endian(little)
                UnsafeMutableRawPointer(out).copyMemory(from: src.baseAddress!, byteCount: count * 4)
            #else
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            #endif
        case .f16:
            for i in 0..<count {
                out[i] = Float(
                    Float16(bitPattern: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
            }
        case .bf16:
            for i in 0..<count {
                out[i] = BFloat16.decode(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .f64:
            for i in 0..<count {
                out[i] = Float(
                    Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        default:
            try requireDType(SafetensorsDType.floating)
        }
    }

    /// The values as `Float`s (from F32, F16, BF16 or F64).
    public func floats() throws(SafetensorsError) -> [Float] {
        try requireDType(SafetensorsDType.floating)
        var result = [Float](repeating: 0, count: count)
        try result.withUnsafeMutableBufferPointer { (buf) throws(SafetensorsError) in try copyFloats(into: buf) }
        return result
    }

    /// The values in a new engine `Tensor` of this shape.
    public func toTensor() throws(SafetensorsError) -> Tensor {
        let t = Tensor(shape: shape)
        try copyFloats(into: t.buffer)
        return t
    }

    /// The values as `Int64`s, from any integer dtype or BOOL (0/1).
    public func integers() throws(SafetensorsError) -> [Int64] {
        try requireDType(SafetensorsDType.integral)
        let src = bytes
        func load<T: FixedWidthInteger>(_: T.Type) -> [Int64] {
            let size = MemoryLayout<T>.size
            return (0..<count).map { Int64(T(littleEndian: src.loadUnaligned(fromByteOffset: size * $0, as: T.self))) }
        }
        switch dtype {
        case .i64: return load(Int64.self)
        case .i32: return load(Int32.self)
        case .i16: return load(Int16.self)
        case .i8: return load(Int8.self)
        case .u32: return load(UInt32.self)
        case .u16: return load(UInt16.self)
        case .u8: return load(UInt8.self)
        default:  // BOOL: any non-zero byte is true, as in NumPy and PyTorch.
            return (0..<count).map { src[$0] == 0 ? 0 : 1 }
        }
    }

    private func requireDType(_ allowed: [SafetensorsDType]) throws(SafetensorsError) {
        guard allowed.contains(dtype) else {
            throw SafetensorsError(path: path, .dtypeMismatch(tensor: name, dtype: dtype, expected: allowed))
        }
    }
}
