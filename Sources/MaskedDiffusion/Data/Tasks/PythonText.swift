/// The character classes of Python's `str` and `re` that the reference reward code relies on,
/// so the Swift rewards classify every Unicode scalar as the Python ones do.
enum PythonText {
    /// `str.isspace()` and `re`'s `\s`: the Unicode White_Space property plus the information
    /// separators U+001C…U+001F (bidi classes B and S), which Python also treats as space.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }

    /// `re`'s `\d` (Unicode decimal digits, category Nd): what `int()` accepts digit by digit.
    static func isDecimal(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal }

    /// `str.isdigit()`: decimal digits plus other digits such as superscripts (`²`).
    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        let t = c.properties.numericType
        return t == .decimal || t == .digit
    }

    /// `str.strip()` with no argument.
    static func strip(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = s.firstIndex(where: { !isSpace($0) }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { !isSpace($0) })!
        return s[first...last]
    }

    /// `[int(n) for n in re.findall(r"\d+", s)]`: maximal runs of decimal digits (any script).
    /// A value too large for `Int` (after leading zeros) is `nil`; it can equal no given number.
    static func integers(in s: ArraySlice<Unicode.Scalar>) -> [Int?] {
        var out: [Int?] = []
        var i = s.startIndex
        while i < s.endIndex {
            guard isDecimal(s[i]) else { i += 1; continue }
            var value: Int? = 0
            while i < s.endIndex, isDecimal(s[i]) {
                let digit = Int(s[i].properties.numericValue!)
                if let v = value {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(digit)
                    value = o1 || o2 ? nil : a
                }
                i += 1
            }
            out.append(value)
        }
        return out
    }
}
