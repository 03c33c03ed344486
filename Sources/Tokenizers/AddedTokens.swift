/// One entry of `"added_tokens"`: text cut out of the input before normalization (or after it,
/// when `normalized`), whatever the model's merges would do with it.
struct AddedToken {
    let id: Int32
    let content: String
    /// Skipped by `decode(skipSpecial:)`; matching does not depend on it.
    let special: Bool
    /// Matched only where no word character (`\w`) touches it on either side.
    let singleWord: Bool
    /// Swallows the whitespace before (`lstrip`) or after (`rstrip`) a match.
    let lstrip: Bool
    let rstrip: Bool
    /// Matched in normalized text (the content normalized the same way) rather than raw text.
    let normalized: Bool
}

/// A span of text after added tokens are cut out: an added token's id, or text for the model.
enum Segment {
    case token(Int32)
    case text(ArraySlice<Unicode.Scalar>, atStart: Bool)
}

/// Finds added tokens leftmost-longest, as `tokenizers` does (its Aho-Corasick matcher).
struct AddedTokenMatcher {
    /// Candidates by first scalar, longest first.
    private let byFirst: [Unicode.Scalar: [(token: AddedToken, scalars: [Unicode.Scalar])]]

    /// `contents[i]` is what `tokens[i]` matches (normalized for normalized tokens).
    init(tokens: [AddedToken], contents: [String]) {
        var table: [Unicode.Scalar: [(token: AddedToken, scalars: [Unicode.Scalar])]] = [:]
        for (t, c) in zip(tokens, contents) where !c.isEmpty {
            let s = Array(c.unicodeScalars)
            table[s[0], default: []].append((t, s))
        }
        byFirst = table.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
    }

    var isEmpty: Bool { byFirst.isEmpty }

    /// `s` cut into added tokens and the text between them (empty text is dropped).
    func split(_ s: ArraySlice<Unicode.Scalar>, atStart: Bool) -> [Segment] {
        if byFirst.isEmpty { return [.text(s, atStart: atStart)] }
        var out: [Segment] = []
        var textStart = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            guard let (token, length) = longestMatch(s, at: i) else {
                i += 1
                continue
            }
            var start = i
            var stop = i + length
            i = stop
            if token.singleWord {
                let wordBefore = start > s.startIndex && Self.isWord(s[start - 1])
                let wordAfter = stop < s.endIndex && Self.isWord(s[stop])
                if wordBefore || wordAfter { continue }
            }
            if token.lstrip {
                while start > textStart, ScalarClass.isSpace(s[start - 1]) { start -= 1 }
            }
            if token.rstrip {
                while stop < s.endIndex, ScalarClass.isSpace(s[stop]) { stop += 1 }
            }
            if start > textStart { out.append(.text(s[textStart..<start], atStart: atStart && textStart == s.startIndex)) }
            out.append(.token(token.id))
            textStart = stop
            i = stop
        }
        if textStart < s.endIndex { out.append(.text(s[textStart...], atStart: atStart && textStart == s.startIndex)) }
        return out
    }

    private func longestMatch(_ s: ArraySlice<Unicode.Scalar>, at i: Int) -> (AddedToken, Int)? {
        guard let candidates = byFirst[s[i]] else { return nil }
        for c in candidates where i + c.scalars.count <= s.endIndex {
            if s[i..<(i + c.scalars.count)].elementsEqual(c.scalars) { return (c.token, c.scalars.count) }
        }
        return nil
    }

    /// `\w` of the regex engine `tokenizers` uses: alphabetic, marks, decimal digits, connector
    /// punctuation and the joiners.
    private static func isWord(_ c: Unicode.Scalar) -> Bool {
        if c.properties.isAlphabetic || c.value == 0x200C || c.value == 0x200D { return true }
        switch c.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
