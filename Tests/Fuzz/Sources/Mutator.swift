/// Deterministic mutations of a seed, the kinds that broke parsers before: flipped bytes, cuts,
/// repeated spans, huge numbers in place of digits, deep nesting and stray bytes.
struct Mutator {
    private var state: UInt64

    init(seed: [UInt8]) {
        state = seed.reduce(0x9E37_79B9_7F4A_7C15) { ($0 ^ UInt64($1)) &* 0x1000_0000_01B3 } | 1
    }

    private mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return bound <= 0 ? 0 : Int(state % UInt64(bound))
    }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0...next(3) {
            let n = b.count
            switch next(7) {
            case 0 where n > 0: b[next(n)] ^= UInt8(1 << next(8))
            case 1 where n > 0: b.removeLast(next(n) + 1)
            case 2 where n > 1:
                let lo = next(n), hi = lo + next(Swift.min(64, n - lo)) + 1
                b.insert(contentsOf: b[lo..<hi], at: next(n))
            case 3:
                if let d = b.firstIndex(where: { $0 >= 48 && $0 <= 57 }) {
                    b.replaceSubrange(d...d, with: Array("99999999999999999999".utf8))
                } else {
                    b.append(contentsOf: Array("1e308".utf8))
                }
            case 4: b.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: 2000 + next(20000)), at: next(n + 1))
            case 5 where n > 0: b[next(n)] = UInt8(next(256))
            default: b.insert(UInt8(next(256)), at: next(n + 1))
            }
        }
        return b
    }
}
