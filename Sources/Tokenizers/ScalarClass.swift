/// The character classes split patterns use, as the regex engine of `tokenizers` defines them:
/// `\p{L}` (general category L*), `\p{N}` (N*), `\s` (the White_Space property).
enum ScalarClass {
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return ascii[Int(c.value)] == letter }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return ascii[Int(c.value)] == number }
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return ascii[Int(c.value)] == space }
        return c.properties.isWhitespace
    }

    static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    private static let letter: UInt8 = 1, number: UInt8 = 2, space: UInt8 = 3
    /// Class of each ASCII scalar. [128]
    private static let ascii: [UInt8] = (0..<128).map { v in
        switch v {
        case 0x41...0x5A, 0x61...0x7A: return letter
        case 0x30...0x39: return number
        case 0x09...0x0D, 0x20: return space
        default: return 0
        }
    }
}
