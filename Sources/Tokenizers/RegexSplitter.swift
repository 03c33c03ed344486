/// The general path for a `Split` pre-tokenizer's regex: Swift's `Regex` over Unicode scalars
/// (not grapheme clusters, as `tokenizers` matches `char`s). Slower than `ContractionSplitter`,
/// which covers the patterns of the supported model families.
struct RegexSplitter: @unchecked Sendable {
    // Regex<AnyRegexOutput> is not Sendable; it is immutable after init and only read here.
    private let regex: Regex<AnyRegexOutput>

    init(pattern: String, field: JSONField) throws(HFTokenizerError) {
        do {
            regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw field.unsupported("a regex Swift cannot compile (\(error))")
        }
    }

    /// End offsets (in scalars) of the matches and of the gaps between them, in order, so the
    /// pieces tile `s` (`tokenizers`' "Isolated" behaviour).
    func matchEnds(_ s: [Unicode.Scalar]) -> [Int] {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: s)
        let string = String(text)
        var ends: [Int] = []
        var last = string.unicodeScalars.startIndex
        var offset = 0
        for match in string.ranges(of: regex) where !match.isEmpty {
            if match.lowerBound > last {
                offset += string.unicodeScalars.distance(from: last, to: match.lowerBound)
                ends.append(offset)
            }
            offset += string.unicodeScalars.distance(from: match.lowerBound, to: match.upperBound)
            ends.append(offset)
            last = match.upperBound
        }
        if offset < s.count { ends.append(s.count) }
        return ends
    }
}
