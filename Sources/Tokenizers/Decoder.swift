/// The `"decoder"` of a `tokenizer.json`: turns the tokens of some ids back into text. Each
/// step maps a list of token strings to a list of strings, as in `tokenizers`.
indirect enum Decoder {
    /// `ByteLevel`: all tokens' byte characters → bytes → UTF-8 (invalid sequences become `"�"`).
    case byteLevel
    /// `Replace` with a `{"String": …}` pattern, per token.
    case replace(pattern: [Unicode.Scalar], content: String)
    /// `ByteFallback`: runs of `<0xNN>` tokens become their UTF-8 text, or one `"�"` per byte
    /// when the run is not valid UTF-8.
    case byteFallback
    /// `Fuse`: all tokens joined into one.
    case fuse
    /// `Strip`: up to `start` leading and `stop` trailing `content` characters off each token.
    case strip(content: Unicode.Scalar, start: Int, stop: Int)
    /// `Metaspace`: the replacement character becomes a space, except in the first token, where
    /// it is dropped (unless `prepend_scheme` is `"never"`).
    case metaspace(replacement: Unicode.Scalar, dropInFirst: Bool)
    case sequence([Decoder])

    func apply(_ tokens: [String]) -> [String] {
        switch self {
        case .byteLevel:
            var bytes: [UInt8] = []
            for t in tokens { ByteLevelAlphabet.decode(t, into: &bytes) }
            return [String(decoding: bytes, as: UTF8.self)]
        case .replace(let pattern, let content):
            return tokens.map { ScalarText.replace($0, pattern, with: content) }
        case .byteFallback:
            return Self.fallBack(tokens)
        case .fuse:
            return [tokens.joined()]
        case .strip(let content, let start, let stop):
            return tokens.map { t in
                let s = Array(t.unicodeScalars)
                var a = 0, b = s.count
                while a < min(start, s.count), s[a] == content { a += 1 }
                while b > a, s.count - b < stop, s[b - 1] == content { b -= 1 }
                return ScalarText.string(s[a..<b])
            }
        case .metaspace(let replacement, let dropInFirst):
            return tokens.enumerated().map { i, t in
                ScalarText.string(t.unicodeScalars.compactMap { c in c == replacement ? (i == 0 && dropInFirst ? nil : " ") : c })
            }
        case .sequence(let steps):
            return steps.reduce(tokens) { $1.apply($0) }
        }
    }

    private static func fallBack(_ tokens: [String]) -> [String] {
        var out: [String] = []
        var run: [UInt8] = []
        func flush() {
            guard !run.isEmpty else { return }
            if let s = String(validating: run, as: UTF8.self) {
                out.append(s)
            } else {
                out.append(contentsOf: repeatElement("\u{FFFD}", count: run.count))
            }
            run.removeAll()
        }
        for t in tokens {
            if let b = ByteFallbackPiece.byte(t) {
                run.append(b)
            } else {
                flush()
                out.append(t)
            }
        }
        flush()
        return out
    }

    /// Reads `field`; null means none (tokens are then joined by spaces, as `tokenizers` does).
    static func read(_ field: JSONField) throws(HFTokenizerError) -> Decoder? {
        if field.isNull { return nil }
        switch try field.type() {
        case "ByteLevel": return .byteLevel
        case "ByteFallback": return .byteFallback
        case "Fuse": return .fuse
        case "Replace":
            let pattern = field["pattern"]
            guard pattern.has("String") else { throw pattern.unsupported() }
            let literal = Array(try pattern["String"].string().unicodeScalars)
            guard !literal.isEmpty else { throw pattern["String"].invalid("is empty") }
            return .replace(pattern: literal, content: try field["content"].string())
        case "Strip":
            let content = try field["content"].string().unicodeScalars
            guard content.count == 1, let c = content.first else { throw field["content"].invalid("must be one character") }
            return .strip(content: c, start: try field["start"].int(), stop: try field["stop"].int())
        case "Metaspace":
            let replacement = try field["replacement"].string().unicodeScalars
            guard replacement.count == 1, let r = replacement.first else {
                throw field["replacement"].invalid("must be one character")
            }
            let (always, first) = try PreTokenizer.prependScheme(field)
            return .metaspace(replacement: r, dropInFirst: always || first)
        case "Sequence":
            var steps: [Decoder] = []
            for f in try field["decoders"].array() { if let d = try read(f) { steps.append(d) } }
            return .sequence(steps)
        default:
            throw field["type"].unsupported()
        }
    }
}
