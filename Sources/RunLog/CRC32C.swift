/// CRC-32C (Castagnoli), the checksum TFRecord framing uses for TensorBoard event files.
///
/// Not zlib's CRC-32: that polynomial (IEEE) gives checksums TensorBoard rejects. Reflected
/// polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF. Slice-by-8 (eight 256-entry
/// tables, eight bytes per step) over raw pointers, because RunLog is built without
/// optimisation in debug builds and a byte-at-a-time loop there checks a large event file
/// at only ~10 MB/s.
public enum CRC32C {
    /// `tables[k * 256 + b]`: the CRC contribution of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            t[b] = crc
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let previous = t[(k - 1) * 256 + b]
                t[k * 256 + b] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) { return crc }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }

    /// The CRC-32C of the bytes in `buffer`.
    public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            var crc: UInt32 = 0xFFFF_FFFF
            var i = 0
            let n = buffer.count
            while n - i >= 8 {
                let low = crc ^ buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
                let high = buffer.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                crc =
                    t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int(low >> 8 & 0xFF)]
                    ^ t[5 * 256 + Int(low >> 16 & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int(high >> 8 & 0xFF)]
                    ^ t[256 + Int(high >> 16 & 0xFF)] ^ t[Int(high >> 24)]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(buffer[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
            return ~crc
        }
    }

    /// TFRecord stores checksums rotated and offset, because a CRC of data that itself holds
    /// CRCs is weak; `masked(checksum(x))` is what appears on disk.
    public static func masked(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    /// The masked CRC-32C of `bytes`, as written after a TFRecord length or payload.
    public static func maskedChecksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 { masked(checksum(bytes)) }
}
