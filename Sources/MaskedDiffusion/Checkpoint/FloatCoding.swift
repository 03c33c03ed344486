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
