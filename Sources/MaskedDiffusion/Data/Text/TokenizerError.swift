/// Why text or a `tokenizer.json` could not be turned into tokens.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A character outside the vocabulary: `offset` counts Unicode scalars from 0, `line` and
    /// `column` count from 1 (columns in scalars), so the user can find it in the file.
    case unknownCharacter(Unicode.Scalar, offset: Int, line: Int, column: Int)
    /// A file that is not UTF-8; `byteOffset` is where the first bad sequence starts.
    case invalidUTF8(path: String, byteOffset: Int)
    case unreadable(path: String, reason: String)
    /// A vocabulary that cannot work (empty, duplicate or empty tokens, bad special token).
    case invalidVocabulary(String)
    /// A `tokenizer.json` whose `kind` this loader does not handle.
    case unsupportedKind(String)

    public var description: String {
        switch self {
        case let .unknownCharacter(c, offset, line, column):
            let hex = String(c.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "unknown character '\(VisibleText.render(String(c)))' (\(code)) at offset \(offset) "
                + "(line \(line), column \(column))"
        case let .invalidUTF8(path, byteOffset): return "\(path) is not valid UTF-8 (byte \(byteOffset))"
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .invalidVocabulary(why): return "invalid vocabulary: \(why)"
        case let .unsupportedKind(kind): return "unsupported tokenizer kind \"\(kind)\""
        }
    }

    /// The error for the scalar at `offset` of `text`, with its line and column.
    static func unknown(in text: String.UnicodeScalarView, at offset: Int) -> TokenizerError {
        var line = 1, column = 1, scalar: Unicode.Scalar = "\0"
        for (i, c) in text.enumerated() {
            if i == offset { scalar = c; break }
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return .unknownCharacter(scalar, offset: offset, line: line, column: column)
    }
}
