/// The Countdown reward of ESPO's `compute_score` (docs/methods.md §4.7), rule for rule:
///
/// 1. no `<answer>…</answer>` (last match, DOTALL) → 0; otherwise the content, `strip()`ped, is
///    the expression;
/// 2. the integers in it (`\d+` runs, any script) ≠ the given numbers as a multiset → 0.1;
/// 3. a character other than a decimal digit, `+ - * / ( ) .` or whitespace, an empty
///    expression, or one that fails to evaluate (`ArithmeticExpression`) → 0.1;
/// 4. `|value − target| < 1e-5` → 1.0, else 0.1.
public enum CountdownReward {
    public static let formatScore = 0.1

    public static func score(_ completion: String, numbers: [Int], target: Int) -> Double {
        guard let content = AnswerTags.lastContent(in: Array(completion.unicodeScalars)) else { return 0 }
        guard let value = value(of: content, numbers: numbers) else { return formatScore }
        return abs(value - Double(target)) < 1e-5 ? 1.0 : formatScore
    }

    /// Whether rules 1–3 pass: an answer whose expression uses exactly the given numbers and
    /// evaluates. A well-formed answer scores 1 or 0.1 on its value alone, so a base model
    /// that is always well formed gives RL only the signal "right value or not".
    public static func isWellFormed(_ completion: String, numbers: [Int]) -> Bool {
        guard let content = AnswerTags.lastContent(in: Array(completion.unicodeScalars)) else { return false }
        return value(of: content, numbers: numbers) != nil
    }

    /// Rules 2–3 on an answer's content: its value, or nil when a rule fails.
    static func value(of content: ArraySlice<Unicode.Scalar>, numbers: [Int]) -> Double? {
        let expression = PythonText.strip(content)
        let used = PythonText.integers(in: expression)
        guard used.count == numbers.count, used.allSatisfy({ $0 != nil }),
            used.map({ $0! }).sorted() == numbers.sorted()
        else { return nil }
        guard !expression.isEmpty, expression.allSatisfy(isAllowed) else { return nil }
        return ArithmeticExpression.evaluate(String(String.UnicodeScalarView(expression)))
    }

    /// `[\d+\-*/().\s]`.
    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        PythonText.isDecimal(c) || PythonText.isSpace(c) || "+-*/().".unicodeScalars.contains(c)
    }
}
