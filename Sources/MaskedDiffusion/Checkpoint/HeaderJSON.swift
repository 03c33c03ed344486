/// A strict JSON parser for safetensors headers.
///
/// Foundation's decoders silently keep one of two duplicate keys, but duplicate tensor names
/// must be rejected, so objects keep every key in file order. Numbers keep their literal text
/// (offsets are 64-bit integers that must not pass through `Double`). Nesting is capped so a
/// hostile `[[[[…` header cannot overflow the stack.
enum HeaderJSON {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static let maxDepth = 64

    /// Parses one JSON value followed only by whitespace; throws a message with the byte offset.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> HeaderJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    /// `parse` over an array's bytes.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> HeaderJSON {
        try bytes.withUnsafeBytes { b in Result { () throws(ParseError) in try parse(b) } }.get()
    }

    /// A non-negative integer literal that fits in `Int`, else nil.
    var nonNegativeInt: Int? {
        guard case let .number(text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    struct ParseError: Error {
        let message: String
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        func error(_ message: String) -> ParseError { ParseError(message: "\(message) at byte \(at)") }

        mutating func skipWhitespace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x09, 0x0A, 0x0D: at += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> HeaderJSON {
            guard depth < HeaderJSON.maxDepth else { throw error("nesting deeper than \(HeaderJSON.maxDepth) levels") }
            skipWhitespace()
            guard at < bytes.count else { throw error("unexpected end of header") }
            switch bytes[at] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character '\(Unicode.Scalar(bytes[at]))'")
            }
        }

        mutating func expect(_ c: Unicode.Scalar) throws(ParseError) {
            skipWhitespace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: c) else { throw error("expected '\(c)'") }
            at += 1
        }

        /// True (and consumes it) when the next non-space byte is `c`.
        mutating func take(_ c: Unicode.Scalar) -> Bool {
            skipWhitespace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: c) else { return false }
            at += 1
            return true
        }

        mutating func object(depth: Int) throws(ParseError) -> HeaderJSON {
            at += 1
            var members: [(key: String, value: HeaderJSON)] = []
            if take("}") { return .object(members) }
            repeat {
                skipWhitespace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                try expect(":")
                members.append((key, try value(depth: depth + 1)))
            } while take(",")
            try expect("}")
            return .object(members)
        }

        mutating func array(depth: Int) throws(ParseError) -> HeaderJSON {
            at += 1
            var items: [HeaderJSON] = []
            if take("]") { return .array(items) }
            repeat { items.append(try value(depth: depth + 1)) } while take(",")
            try expect("]")
            return .array(items)
        }

        mutating func literal(_ word: String) throws(ParseError) {
            for c in word.utf8 {
                guard at < bytes.count, bytes[at] == c else { throw error("invalid literal") }
                at += 1
            }
        }

        /// JSON number syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func number() throws(ParseError) -> String {
            let start = at
            func digits(_ p: inout Parser) -> Int {
                let s = p.at
                while p.at < p.bytes.count, (0x30...0x39).contains(p.bytes[p.at]) { p.at += 1 }
                return p.at - s
            }
            if bytes[at] == UInt8(ascii: "-") { at += 1 }
            let first = at < bytes.count ? bytes[at] : 0
            let intDigits = digits(&self)
            guard intDigits > 0, first != UInt8(ascii: "0") || intDigits == 1 else { throw error("invalid number") }
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            if at < bytes.count, bytes[at] | 0x20 == UInt8(ascii: "e") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }

        /// A string literal; the header was already checked to be UTF-8, so bytes are copied
        /// through and only escapes are decoded.
        mutating func string() throws(ParseError) -> String {
            at += 1
            var out: [UInt8] = []
            while true {
                guard at < bytes.count else { throw error("unterminated string") }
                let b = bytes[at]
                at += 1
                switch b {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"): try escape(into: &out)
                case 0..<0x20: at -= 1; throw error("control character in string")
                default: out.append(b)
                }
            }
        }

        mutating func escape(into out: inout [UInt8]) throws(ParseError) {
            guard at < bytes.count else { throw error("unterminated string") }
            let c = bytes[at]
            at += 1
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate escape")
                    }
                    at += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { throw error("unpaired surrogate escape") }
                out.append(contentsOf: String(Character(s)).utf8)
            default: at -= 1; throw error("invalid escape '\\\(Unicode.Scalar(c))'")
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard at + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let d = Character(Unicode.Scalar(bytes[at])).hexDigitValue else { throw error("invalid \\u escape") }
                v = v << 4 | UInt32(d)
                at += 1
            }
            return v
        }
    }
}

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
