/// Windows of a character-tokenized text for unconditional pre-training.
///
/// The last `heldOutFraction` of the text is the test split: training windows are drawn only
/// from the text before it, so the two never share a character position. Window i of step s
/// starts at a uniform offset drawn from `RNG(seed, .data, path: [s, i])`.
public struct TextSource: TrainingSource {
    public let tokens: [Int32]
    public let seqLen: Int
    /// Index of the first held-out token.
    public let testStart: Int

    /// Throws, naming `file`, when the text cannot give one window of `seqLen` on each side of the
    /// split (a 70-byte file, or `--seq-len 200000`, once trapped here).
    public init(tokens: [Int32], seqLen: Int, heldOutFraction: Double = 0.1, file: String) throws(DatasetError) {
        func heldOut(_ n: Int) -> Int { Int((Double(n) * heldOutFraction).rounded()) }
        func fits(_ n: Int) -> Bool { n - heldOut(n) >= seqLen && heldOut(n) >= seqLen }
        let test = heldOut(tokens.count)
        guard fits(tokens.count) else {
            // The least that fits, from an estimate (in Double: no overflow for any seqLen).
            let estimate = max(2 * Double(seqLen), (Double(seqLen) - 0.5) / heldOutFraction)
            var needed = estimate < 1e15 ? Int(estimate) : Int.max
            while needed < Int.max && !fits(needed) { needed += 1 }
            throw .textTooShort(file: file, tokens: tokens.count, seqLen: seqLen, needed: needed)
        }
        self.tokens = tokens
        self.seqLen = seqLen
        self.testStart = tokens.count - test
    }

    public func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
        var out: [Int32] = []
        out.reserveCapacity(size * seqLen)
        for i in 0..<size {
            var rng = RNG(seed: seed, stream: .data, path: [UInt64(step), UInt64(i)])
            let start = rng.int(below: testStart - seqLen + 1)
            out += tokens[start..<start + seqLen]
        }
        return CleanBatch(tokens: out, batch: size, seqLen: seqLen, prefixLengths: [Int](repeating: 0, count: size))
    }

    /// Non-overlapping windows of the held-out split.
    public func testWindows() -> [[Int32]] {
        stride(from: testStart, through: tokens.count - seqLen, by: seqLen).map { Array(tokens[$0..<$0 + seqLen]) }
    }
}

extension TextSource {
    /// The first `count` held-out windows cut to their first `length` tokens: the prompts a
    /// text model's held-out sweep continues (docs/methods.md §5.3). Fewer when the split holds
    /// fewer windows.
    public func heldOutPrompts(count: Int, length: Int) -> [[Int32]] {
        testWindows().prefix(count).map { Array($0.prefix(length)) }
    }
}
