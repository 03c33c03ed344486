/// JSON string literals escaped exactly as serde_json (the reference writer) does: `"`, `\`,
/// and control characters only (`\b \f \n \r \t`, others `\u00XX` lowercase); `/`, DEL and
/// non-ASCII text are written as-is. Matching it byte-for-byte keeps Swift-written headers
/// identical to Python-written ones.
enum HeaderEscaping {
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
