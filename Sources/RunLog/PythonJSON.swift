/// JSON as Python's `json` module writes it: standard JSON except that NaN, Infinity and
/// -Infinity appear as bare words. Rewriting those words (outside strings) to `null` lets the
/// standard decoder read the file. Foundation's JSON5 mode would accept them too, but traps on
/// malformed input (a stray lead byte, the number "1e-"; both found by fuzzing).
enum PythonJSON {
    /// `bytes` with every bare NaN, Infinity and -Infinity outside a string replaced by `null`
    /// (their values read as NaN, which metrics treat as "no number").
    static func standardized(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false, escaped = false, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true }
            if let word = words.first(where: { matches($0, bytes, at: i) }) {
                out += Array("null".utf8)
                i += word.count
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }

    private static let words = ["-Infinity", "Infinity", "NaN"].map { Array($0.utf8) }

    private static func matches(_ word: [UInt8], _ bytes: [UInt8], at i: Int) -> Bool {
        i + word.count <= bytes.count && bytes[i..<i + word.count].elementsEqual(word)
    }
}
