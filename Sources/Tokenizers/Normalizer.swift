import Foundation

/// The `"normalizer"` of a `tokenizer.json`: rewrites text before pre-tokenization (and before
/// added tokens marked `normalized` are matched).
indirect enum Normalizer {
    /// Unicode canonical composition (`"NFC"`).
    case nfc
    /// `"Prepend"`: puts `prefix` before any non-empty text (LLaMA-2's `"▁"`).
    case prepend(String)
    /// `"Replace"` with a `{"String": …}` pattern: every occurrence of `pattern` becomes `content`.
    case replace(pattern: [Unicode.Scalar], content: String)
    case sequence([Normalizer])

    func apply(_ text: String) -> String {
        switch self {
        case .nfc: return Self.isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping
        case .prepend(let prefix): return text.isEmpty ? text : prefix + text
        case .replace(let pattern, let content): return ScalarText.replace(text, pattern, with: content)
        case .sequence(let steps): return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// A conservative form of Unicode's NFC quick check, so most text skips Foundation: true when
    /// no scalar is a mark (combining or spacing: every scalar that composes with a preceding one
    /// is, apart from Hangul jamo), a Hangul jamo, or excluded from composition (NFC_QC = No).
    static func isSurelyNFC(_ text: String) -> Bool {
        for c in text.unicodeScalars where c.value >= 0x300 {
            let p = c.properties
            if p.canonicalCombiningClass.rawValue != 0 || p.isFullCompositionExclusion { return false }
            if (0x1100...0x11FF).contains(c.value) { return false }
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: continue
            }
        }
        return true
    }

    /// Reads `field` (an object with `"type"`); null means no normalizer.
    static func read(_ field: JSONField) throws(HFTokenizerError) -> Normalizer? {
        if field.isNull { return nil }
        switch try field.type() {
        case "NFC": return .nfc
        case "Prepend": return .prepend(try field["prepend"].string())
        case "Replace":
            let pattern = field["pattern"]
            guard pattern.has("String") else { throw pattern.unsupported() }
            let literal = try pattern["String"].string()
            guard !literal.isEmpty else { throw pattern["String"].invalid("is empty") }
            return .replace(pattern: Array(literal.unicodeScalars), content: try field["content"].string())
        case "Sequence":
            var steps: [Normalizer] = []
            for step in try field["normalizers"].array() {
                if let n = try read(step) { steps.append(n) }
            }
            return .sequence(steps)
        default: throw field["type"].unsupported()
        }
    }
}
