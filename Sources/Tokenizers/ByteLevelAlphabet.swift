/// GPT-2's reversible byte ↔ character map: byte-level BPE vocabularies spell every byte as a
/// printable character, so `"Ġ"` (U+0120) is the space byte 0x20 and `"Ċ"` is 0x0A.
///
/// Printable Latin-1 bytes (`!`…`~`, `¡`…`¬`, `®`…`ÿ`) stand for themselves; the other 68 bytes,
/// in byte order, take U+0100, U+0101, ….
enum ByteLevelAlphabet {
    /// The character of each byte. [256]
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if printable {
                table[b] = Unicode.Scalar(UInt32(b))!
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// Each byte's character as a one-character string, for building vocabulary keys. [256]
    static let strings: [String] = characters.map { String($0) }

    /// The byte a character stands for, nil for characters outside the alphabet.
    static let bytes: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (b, c) in characters.enumerated() { map[c] = UInt8(b) }
        return map
    }()

    /// `text`'s UTF-8 bytes spelled in the alphabet.
    static func encode(_ text: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(text.count * 2)
        for b in text { out.unicodeScalars.append(characters[Int(b)]) }
        return out
    }

    /// The bytes `token` spells; a token with any character outside the alphabet (an added
    /// token containing a space, say) contributes its own UTF-8 instead, as `tokenizers` does.
    static func decode(_ token: String, into out: inout [UInt8]) {
        let start = out.count
        for c in token.unicodeScalars {
            guard let b = bytes[c] else {
                out.removeSubrange(start...)
                out.append(contentsOf: token.utf8)
                return
            }
            out.append(b)
        }
    }
}
