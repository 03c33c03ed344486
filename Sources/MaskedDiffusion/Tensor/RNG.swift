/// A seeded, counter-based random number generator with independent named streams.
///
/// Every draw is a pure function of `(seed, stream, path, counter)`: the key is a hash of seed,
/// stream and path, and the n-th output is a SplitMix64-style mix of `key + n·γ`. A run is
/// therefore reproducible from one seed, and consumers that must see the *same* randomness
/// (ESPO's current/old/reference ELBOs of one iteration) derive the same `path` instead of
/// sharing a mutable generator. Streams separate purposes, so drawing one more mask never shifts
/// the Gumbel noise or the data order.
public struct RNG: RandomNumberGenerator, Sendable {
    /// What the randomness is for; each purpose is an independent stream.
    public enum Stream: UInt64, Sendable {
        case initialization = 1, data, masks, gumbel, sampling, dropout, evaluation
    }

    public private(set) var key: UInt64
    public private(set) var counter: UInt64 = 0

    public init(seed: UInt64, stream: Stream, path: [UInt64] = []) {
        var k = RNG.mix(seed &+ 0x632B_E59B_D9B4_E019)
        k = RNG.mix(k ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15))
        for p in path { k = RNG.mix(k ^ RNG.mix(p &+ 0xD1B5_4A32_D192_ED03)) }
        key = k
    }

    /// An independent child generator (e.g. one per sequence or per worker thread).
    public func child(_ index: UInt64) -> RNG {
        var r = self
        r.key = RNG.mix(key ^ RNG.mix(index &+ 0x8CB9_2BA7_2F3D_8DD7))
        r.counter = 0
        return r
    }

    public mutating func next() -> UInt64 {
        counter &+= 1
        return RNG.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Uniform in [0, 1) with 24 random bits (exactly representable as Float).
    public mutating func uniformFloat() -> Float { Float(next() >> 40) * 0x1p-24 }
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniformDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Uniform in the open interval (0, 1): safe under `log`.
    public mutating func openUniformDouble() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// Standard normal via Box–Muller (one value per call; simple, and only used at init time).
    public mutating func normal() -> Double {
        let u1 = openUniformDouble(), u2 = uniformDouble()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// Uniform integer in `0..<n` (Lemire's method via the standard library).
    public mutating func int(below n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

    @inline(__always)
    static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
