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
