/// The `<answer>…</answer>` extraction of the ESPO rewards (docs/methods.md §4.7):
/// `re.findall(r"<answer>(.*?)</answer>", text, re.DOTALL)[-1]`.
///
/// `findall` scans left to right for non-overlapping matches; each match opens at the next
/// `<answer>` and closes at the first `</answer>` after it, so a nested opening tag belongs to
/// the content (`<answer>a<answer>b</answer>` has content `a<answer>b`).
public enum AnswerTags {
    public static let open = "<answer>"
    public static let close = "</answer>"

    /// The content of the last match, `nil` when there is none.
    public static func lastContent(in text: String) -> String? {
        lastContent(in: Array(text.unicodeScalars)).map { String(String.UnicodeScalarView($0)) }
    }

    static func lastContent(in s: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar>? {
        let open = Array(Self.open.unicodeScalars), close = Array(Self.close.unicodeScalars)
        var last: ArraySlice<Unicode.Scalar>?
        var from = 0
        while let start = find(open, in: s, from: from),
            let end = find(close, in: s, from: start + open.count)
        {
            last = s[(start + open.count)..<end]
            from = end + close.count
        }
        return last
    }

    private static func find(_ needle: [Unicode.Scalar], in s: [Unicode.Scalar], from: Int) -> Int? {
        guard s.count >= needle.count, from <= s.count - needle.count else { return nil }
        return (from...(s.count - needle.count)).first { i in s[i..<(i + needle.count)].elementsEqual(needle) }
    }
}
