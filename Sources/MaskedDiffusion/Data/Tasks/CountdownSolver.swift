/// Exhaustive search over the expression trees that use each number exactly once with
/// `+ - * /`, keeping every intermediate an integer (division only when exact).
public enum CountdownSolver {
    /// Every reachable value and its canonical expression: the shortest text, ties broken by
    /// the smaller string, so the choice does not depend on the search order. Parentheses are
    /// minimal under Python precedence and left-associativity (`25+3*7`, `(9-3)*7`, `8-(5-2)`).
    public static func solutions(_ numbers: [Int]) -> [Int: String] {
        var best: [Int: String] = [:]
        search(numbers.map { Expression(value: $0, text: String($0), precedence: 3) }, into: &best)
        return best
    }

    struct Expression {
        let value: Int
        let text: String
        /// 1 for `+ -`, 2 for `* /`, 3 for a number or parenthesised expression.
        let precedence: Int
    }

    private static func search(_ items: [Expression], into best: inout [Int: String]) {
        if items.count == 1 {
            let e = items[0]
            if let old = best[e.value], (old.count, old) <= (e.text.count, e.text) { return }
            best[e.value] = e.text
            return
        }
        for i in items.indices {
            for j in items.indices where j != i {
                let rest = items.indices.filter { $0 != i && $0 != j }.map { items[$0] }
                for op in ["+", "-", "*", "/"] {
                    if let combined = combine(items[i], op, items[j]) { search(rest + [combined], into: &best) }
                }
            }
        }
    }

    static func combine(_ a: Expression, _ op: String, _ b: Expression) -> Expression? {
        let value: Int
        switch op {
        case "+": value = a.value + b.value
        case "-": value = a.value - b.value
        case "*": value = a.value * b.value
        default:
            guard b.value != 0, a.value % b.value == 0 else { return nil }
            value = a.value / b.value
        }
        let precedence = op == "+" || op == "-" ? 1 : 2
        let left = a.precedence < precedence ? "(\(a.text))" : a.text
        // The right operand of `-` or `/` needs parentheses at equal precedence too.
        let rightNeedsParens = b.precedence < precedence || (b.precedence == precedence && (op == "-" || op == "/"))
        let right = rightNeedsParens ? "(\(b.text))" : b.text
        return Expression(value: value, text: left + op + right, precedence: precedence)
    }
}
