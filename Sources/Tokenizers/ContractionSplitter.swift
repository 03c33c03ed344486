/// A hand-written matcher for the split regexes of byte-level tokenizers, which are most of the
/// encoding time when run through a general regex engine. Qwen2 and LLaMA-3:
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// with `D` = 1 (Qwen2: `\p{N}`) or 3 (LLaMA-3); GPT-2 (`ByteLevel` with `use_regex`):
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Each function below is one alternative, tried in order at a position exactly as a
/// backtracking engine would; the tests compare it with the general `RegexSplitter` and with
/// `tokenizers` on the corpus.
struct ContractionSplitter {
    /// Longest digit run one match takes (`\p{N}` is 1, `\p{N}{1,3}` is 3; GPT-2: unbounded).
    let digitRun: Int
    /// GPT-2's pattern: case-sensitive contractions, an optional space before letters, digits
    /// and punctuation, no line-break alternatives.
    var gpt2 = false

    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    static let qwen2 =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let llama3 =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// The matcher for `pattern` if it is one of the recognised ones.
    static func recognising(_ pattern: String) -> ContractionSplitter? {
        switch pattern {
        case qwen2: return ContractionSplitter(digitRun: 1)
        case llama3: return ContractionSplitter(digitRun: 3)
        case gpt2Pattern: return ContractionSplitter(digitRun: .max, gpt2: true)
        default: return nil
        }
    }

    /// End offsets of the consecutive matches covering `s` (every scalar is matched by some
    /// alternative, so the matches tile the text).
    func matchEnds(_ s: [Unicode.Scalar]) -> [Int] {
        var ends: [Int] = []
        var i = 0
        while i < s.count {
            let end =
                gpt2
                ? contraction(s, i) ?? spaced(s, i, ScalarClass.isLetter) ?? spaced(s, i, ScalarClass.isNumber)
                    ?? spaced(s, i, isPunctuation) ?? spacesBeforeSpace(s, i) ?? spaces(s, i) ?? (i + 1)
                : contraction(s, i) ?? letters(s, i) ?? digits(s, i) ?? punctuation(s, i) ?? newlines(s, i)
                    ?? spacesBeforeSpace(s, i) ?? spaces(s, i) ?? (i + 1)
            ends.append(end)
            i = end
        }
        return ends
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)`
    private func contraction(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard s[i] == "'", i + 1 < s.count else { return nil }
        let a = lower(s[i + 1])
        if a == "s" || a == "t" || a == "m" || a == "d" { return i + 2 }
        guard i + 2 < s.count else { return nil }
        let b = lower(s[i + 2])
        if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return i + 3 }
        return nil
    }

    /// GPT-2's ` ?X+` for a class X.
    private func spaced(_ s: [Unicode.Scalar], _ i: Int, _ inClass: (Unicode.Scalar) -> Bool) -> Int? {
        var j = s[i] == " " && i + 1 < s.count && inClass(s[i + 1]) ? i + 1 : i
        guard inClass(s[j]) else { return nil }
        while j < s.count, inClass(s[j]) { j += 1 }
        return j
    }

    /// `[^\r\n\p{L}\p{N}]?\p{L}+`
    private func letters(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        if !ScalarClass.isLetter(s[i]) {
            let c = s[i]
            guard !ScalarClass.isNewline(c), !ScalarClass.isNumber(c), i + 1 < s.count, ScalarClass.isLetter(s[i + 1])
            else { return nil }
            j = i + 1
        }
        while j < s.count, ScalarClass.isLetter(s[j]) { j += 1 }
        return j
    }

    /// `\p{N}{1,D}`
    private func digits(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        while j < s.count, j - i < digitRun, ScalarClass.isNumber(s[j]) { j += 1 }
        return j > i ? j : nil
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n]*`
    private func punctuation(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        if s[i] == " ", i + 1 < s.count, isPunctuation(s[i + 1]) { j = i + 1 }
        guard isPunctuation(s[j]) else { return nil }
        while j < s.count, isPunctuation(s[j]) { j += 1 }
        while j < s.count, ScalarClass.isNewline(s[j]) { j += 1 }
        return j
    }

    /// `\s*[\r\n]+`: the whitespace run up to its last line break.
    private func newlines(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i, lastBreak = -1
        while j < s.count, ScalarClass.isSpace(s[j]) {
            if ScalarClass.isNewline(s[j]) { lastBreak = j }
            j += 1
        }
        return lastBreak >= 0 ? lastBreak + 1 : nil
    }

    /// `\s+(?!\S)`: a whitespace run, less its last scalar when text follows it.
    private func spacesBeforeSpace(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        let j = spaceRunEnd(s, i)
        if j == i { return nil }
        if j == s.count { return j }
        return j - 1 > i ? j - 1 : nil
    }

    /// `\s+`
    private func spaces(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        let j = spaceRunEnd(s, i)
        return j > i ? j : nil
    }

    private func spaceRunEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        while j < s.count, ScalarClass.isSpace(s[j]) { j += 1 }
        return j
    }

    private func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        !ScalarClass.isSpace(c) && !ScalarClass.isLetter(c) && !ScalarClass.isNumber(c)
    }

    /// Case folding for the Qwen2/LLaMA-3 `(?i:…)`; GPT-2's contractions are case-sensitive.
    private func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        !gpt2 && (0x41...0x5A).contains(c.value) ? Unicode.Scalar(c.value + 32)! : c
    }
}
