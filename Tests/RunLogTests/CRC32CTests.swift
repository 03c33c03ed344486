import Testing

@testable import RunLog

struct CRC32CTests {
    /// The standard check value and the iSCSI vectors of RFC 3720 §B.4.
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
    }

    /// Masked values as TensorBoard's `masked_crc32c` computes them.
    @Test func maskedMatchesTensorBoard() {
        #expect(CRC32C.maskedChecksum(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.maskedChecksum([UInt8](repeating: 0, count: 8)) == 0x0798_0329)
        #expect(CRC32C.masked(0) == 0xA282_EAD8)
    }

    @Test func worksOnSlices() {
        let bytes = Array("xx123456789yy".utf8)
        #expect(CRC32C.checksum(bytes[2..<11]) == 0xE306_9283)
    }

    /// Slice-by-8 agrees with the bit-at-a-time definition at every length and alignment.
    @Test func agreesWithTheBitwiseDefinition() {
        func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return ~crc
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<8 {
            for end in start...bytes.count {
                #expect(CRC32C.checksum(bytes[start..<end]) == bitwise(bytes[start..<end]), "\(start)..<\(end)")
            }
        }
        #expect(CRC32C.checksum(Array("123456789".utf8).lazy.map { $0 }) == 0xE306_9283, "non-contiguous collections too")
    }
}
