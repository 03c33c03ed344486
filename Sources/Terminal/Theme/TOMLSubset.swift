/// A value in a theme file.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .bool: return "a boolean"
        case .array: return "an array"
        }
    }
}

/// One `key = value` with its table path and line, so errors can point at it.
public struct TOMLEntry: Equatable, Sendable {
    /// Table path plus key: `["roles", "text"]`.
    public var path: [String]
    public var value: TOMLValue
    public var line: Int
    public var dottedKey: String { path.joined(separator: ".") }
}

public struct TOMLSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var key: String?
    public var message: String
}

/// The subset of TOML that theme files need, parsed with line numbers kept (a general TOML
/// library reports syntax errors but not where a semantically bad value was): comments, `[table]`
/// and `[a.b]` headers, bare/quoted/dotted keys, basic and literal strings, integers, floats,
/// booleans and (multi-line) arrays. Other TOML (inline tables, multi-line strings, dates) is
/// reported as unsupported rather than misread.
public enum TOMLSubset {
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> [TOMLEntry] {
        var parser = Parser(Array(text.unicodeScalars))
        return try parser.document()
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1
        var table: [String] = []
        var seen: Set<[String]> = []
        var currentKey: String?

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i >= s.count }
        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

        func fail(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, key: currentKey, message: message) }

        mutating func skipBlanks() { while let c = peek, c == " " || c == "\t" { i += 1 } }

        mutating func skipComment() {
            if peek == "#" { while let c = peek, c != "\n" { i += 1 } }
        }

        /// Blanks, newlines and comments (inside arrays and between lines).
        mutating func skipWhitespaceAndComments() {
            while let c = peek {
                if c == " " || c == "\t" || c == "\r" {
                    i += 1
                } else if c == "\n" {
                    i += 1; line += 1
                } else if c == "#" {
                    skipComment()
                } else {
                    break
                }
            }
        }

        mutating func endOfLine() throws(TOMLSyntaxError) {
            skipBlanks()
            skipComment()
            if peek == "\r" { i += 1 }
            if let c = peek {
                guard c == "\n" else { throw fail("unexpected '\(c)' after the value") }
                i += 1
                line += 1
            }
        }

        mutating func document() throws(TOMLSyntaxError) -> [TOMLEntry] {
            var entries: [TOMLEntry] = []
            while true {
                skipWhitespaceAndComments()
                guard let c = peek else { return entries }
                currentKey = nil
                if c == "[" {
                    i += 1
                    if peek == "[" { throw fail("arrays of tables ([[...]]) are not supported in theme files") }
                    skipBlanks()
                    let path = try keyPath()
                    skipBlanks()
                    guard peek == "]" else { throw fail("expected ']' to close the table header") }
                    i += 1
                    table = path
                    try endOfLine()
                    continue
                }
                let startLine = line
                let key = try keyPath()
                let full = table + key
                currentKey = full.joined(separator: ".")
                skipBlanks()
                guard peek == "=" else { throw fail("expected '=' after the key") }
                i += 1
                skipBlanks()
                let v = try value()
                guard seen.insert(full).inserted else {
                    throw TOMLSyntaxError(line: startLine, key: currentKey, message: "defined twice")
                }
                entries.append(TOMLEntry(path: full, value: v, line: startLine))
                try endOfLine()
            }
        }

        mutating func keyPath() throws(TOMLSyntaxError) -> [String] {
            var parts: [String] = []
            while true {
                skipBlanks()
                if peek == "\"" || peek == "'" {
                    parts.append(try string())
                } else {
                    var k = String.UnicodeScalarView()
                    while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
                        k.append(c)
                        i += 1
                    }
                    guard !k.isEmpty else { throw fail("expected a key") }
                    parts.append(String(k))
                }
                skipBlanks()
                guard peek == "." else { return parts }
                i += 1
            }
        }

        /// Arrays may nest this deep: themes use two levels (gradients), and the parser
        /// recurses once per level, so a crafted file must not be able to exhaust the stack.
        static let maximumDepth = 16

        mutating func value(depth: Int = 0) throws(TOMLSyntaxError) -> TOMLValue {
            guard let c = peek else { throw fail("expected a value") }
            switch c {
            case "\"", "'":
                if i + 2 < s.count, s[i + 1] == c, s[i + 2] == c {
                    throw fail("multi-line strings are not supported in theme files")
                }
                return .string(try string())
            case "[":
                guard depth < Self.maximumDepth else {
                    throw fail("arrays nested more than \(Self.maximumDepth) deep are not supported in theme files")
                }
                i += 1
                var items: [TOMLValue] = []
                while true {
                    skipWhitespaceAndComments()
                    if peek == "]" { i += 1; return .array(items) }
                    items.append(try value(depth: depth + 1))
                    skipWhitespaceAndComments()
                    if peek == "," { i += 1; continue }
                    guard peek == "]" else { throw fail("expected ',' or ']' in the array") }
                }
            case "{":
                throw fail("inline tables are not supported in theme files; use a [table]")
            default:
                var word = String.UnicodeScalarView()
                while let d = peek, !(d == " " || d == "\t" || d == "\n" || d == "\r" || d == "," || d == "]" || d == "#") {
                    word.append(d)
                    i += 1
                }
                let w = String(word)
                if w == "true" { return .bool(true) }
                if w == "false" { return .bool(false) }
                let digits = w.replacingUnderscores()
                if let n = Int(digits) { return .integer(n) }
                if let d = Double(digits), w.contains(where: { $0.isNumber }) { return .float(d) }
                throw fail(w.isEmpty ? "expected a value" : "'\(w)' is not a value (strings need quotes)")
            }
        }

        mutating func string() throws(TOMLSyntaxError) -> String {
            let quote = s[i]
            i += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek, c != "\n" else { throw fail("unterminated string") }
                i += 1
                if c == quote { return String(out) }
                if quote == "\"", c == "\\" {
                    guard let e = peek else { throw fail("unterminated string") }
                    i += 1
                    switch e {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "u", "U":
                        let n = e == "u" ? 4 : 8
                        guard i + n <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[i..<i + n])), radix: 16),
                            let u = Unicode.Scalar(v)
                        else { throw fail("bad \\\(e) escape") }
                        out.append(u)
                        i += n
                    default: throw fail("unknown escape '\\\(e)'")
                    }
                } else {
                    out.append(c)
                }
            }
        }
    }
}

private extension String {
    /// TOML allows `1_000`; an underscore must sit between digits.
    func replacingUnderscores() -> String {
        let u = unicodeScalars
        guard u.contains("_") else { return self }
        var out = String.UnicodeScalarView()
        var prev: Unicode.Scalar?
        for (k, c) in u.enumerated() {
            if c == "_" {
                let next = u.dropFirst(k + 1).first
                guard let p = prev, ("0"..."9").contains(p), let n = next, ("0"..."9").contains(n) else { return "?" }
                continue
            }
            out.append(c)
            prev = c
        }
        return String(out)
    }
}
