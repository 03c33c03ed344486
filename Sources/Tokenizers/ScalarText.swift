/// Text operations on Unicode scalars, which is what `tokenizers` means by a character (Swift's
/// `Character` would glue a replacement character and a following combining mark together).
enum ScalarText {
    /// `text` with every occurrence of `pattern` replaced by `content`, left to right.
    static func replace(_ text: String, _ pattern: [Unicode.Scalar], with content: String) -> String {
        let s = Array(text.unicodeScalars)
        guard !pattern.isEmpty, s.count >= pattern.count else { return text }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if s[i] == pattern[0], i + pattern.count <= s.count, s[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: content.unicodeScalars)
                i += pattern.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        return String(v)
    }
}
