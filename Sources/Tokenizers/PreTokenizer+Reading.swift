extension PreTokenizer {
    /// Reads `field`; null means none. A `ByteLevel` step must come last (later steps would see
    /// byte characters, which this reader does not produce), and a `Split` must be an isolated,
    /// non-inverted regex split.
    static func read(_ field: JSONField) throws(HFTokenizerError) -> PreTokenizer? {
        if field.isNull { return nil }
        switch try field.type() {
        case "Split":
            let behavior = try field["behavior"].string()
            guard behavior == "Isolated" else { throw field["behavior"].unsupported() }
            guard try !field["invert"].bool(default: false) else { throw field["invert"].unsupported("true") }
            let pattern = field["pattern"]
            guard pattern.has("Regex") else { throw pattern.unsupported() }
            let regex = try pattern["Regex"].string()
            if let fast = ContractionSplitter.recognising(regex) { return .split(.contraction(fast)) }
            return .split(.regex(try RegexSplitter(pattern: regex, field: pattern["Regex"])))
        case "ByteLevel":
            let useRegex = try field["use_regex"].bool(default: true)
            return .byteLevel(
                addPrefixSpace: try field["add_prefix_space"].bool(default: true),
                gpt2Split: useRegex ? ContractionSplitter(digitRun: .max, gpt2: true) : nil)
        case "Metaspace":
            let replacement = try field["replacement"].string().unicodeScalars
            guard replacement.count == 1, let r = replacement.first else {
                throw field["replacement"].invalid("must be one character")
            }
            let (always, first) = try prependScheme(field)
            return .metaspace(
                replacement: r, prependAlways: always, prependFirst: first, split: try field["split"].bool(default: true))
        case "Sequence":
            var steps: [PreTokenizer] = []
            for f in try field["pretokenizers"].array() { if let p = try read(f) { steps.append(p) } }
            if let i = steps.dropLast().firstIndex(where: \.isByteLevel) {
                throw field["pretokenizers"].unsupported("ByteLevel at step \(i) before other steps")
            }
            return .sequence(steps)
        default:
            throw field["type"].unsupported()
        }
    }

    /// Metaspace's `prepend_scheme` (`"always"`, `"first"`, `"never"`), or the older
    /// `add_prefix_space` boolean: (always, first only).
    static func prependScheme(_ field: JSONField) throws(HFTokenizerError) -> (Bool, Bool) {
        if field["prepend_scheme"].isNull { return (try field["add_prefix_space"].bool(default: true), false) }
        switch try field["prepend_scheme"].string() {
        case "always": return (true, false)
        case "first": return (false, true)
        case "never": return (false, false)
        default: throw field["prepend_scheme"].unsupported()
        }
    }
}
