/// TFRecord framing, the container of TensorBoard event files:
/// `u64 length LE | u32 masked CRC-32C of those 8 bytes | data | u32 masked CRC-32C of data`.
///
/// Both checksums matter: the length's own CRC tells a corrupt length (after which nothing in
/// the file can be trusted) from corrupt data (which the length lets a reader step over).
enum TFRecord {
    static let headerSize = 12
    static let footerSize = 4
    /// An Event is one protobuf message, which cannot exceed 2 GiB: a longer length whose CRC
    /// matches is still corrupt, and waiting for its bytes would hide the rest of the file.
    static let maxLength = UInt64(Int32.max)

    /// The bytes of one framed record.
    static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + data.count + footerSize)
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { out.append(contentsOf: $0) }
        let lengthCRC = CRC32C.maskedChecksum(out)
        withUnsafeBytes(of: lengthCRC.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: data)
        withUnsafeBytes(of: CRC32C.maskedChecksum(data).littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// What the bytes at the start of a buffer hold.
    enum Parse: Equatable {
        /// A complete record whose checksums match: its data, and the size of the whole frame.
        case record(data: Range<Int>, frameSize: Int)
        /// Not enough bytes yet for a whole record: a writer may still be appending it.
        case incomplete
        /// The length's checksum fails, so where the next record starts is unknown.
        case corruptLength
        /// The data's checksum fails; the frame still has a trustworthy size to skip.
        case corruptData(frameSize: Int)
        /// The length passes its checksum but no Event can be that long (> `maxLength`).
        case oversized(length: UInt64)
    }

    /// Parses the record starting at `start` in `bytes`.
    static func parse(_ bytes: [UInt8], at start: Int) -> Parse {
        let available = bytes.count - start
        guard available >= headerSize else { return .incomplete }
        let lengthBytes = bytes[start..<start + 8]
        guard CRC32C.maskedChecksum(lengthBytes) == readUInt32(bytes, at: start + 8) else { return .corruptLength }
        let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= maxLength else { return .oversized(length: length) }
        guard available >= headerSize + footerSize, length <= UInt64(available - headerSize - footerSize) else {
            return .incomplete
        }
        let dataStart = start + headerSize
        let data = dataStart..<dataStart + Int(length)
        let frameSize = headerSize + Int(length) + footerSize
        guard CRC32C.maskedChecksum(bytes[data]) == readUInt32(bytes, at: data.upperBound) else {
            return .corruptData(frameSize: frameSize)
        }
        return .record(data: data, frameSize: frameSize)
    }

    private static func readUInt32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }
}
