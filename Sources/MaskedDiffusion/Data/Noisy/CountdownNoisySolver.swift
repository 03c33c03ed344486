/// Countdown demonstrations from a solver that knows the format but often guesses.
///
/// - correct: the canonical solution (`CountdownSolver`), as in plain SFT;
/// - habit, `.nearMiss`: the canonical solution with its last operator replaced by the first of
///   `+ - * /` that keeps it evaluable and wrong (`25+3*7` → `25+3+7`), else its first operator,
///   else the lazy habit: right numbers, right shape, one slip;
/// - habit, `.lazy`: the numbers in prompt order, added (`25 3 7=46` → `25+3+7`): the lazy first guess.
///   It has to be this simple: a habit the model cannot learn exactly (a first version chose
///   `+` or `-` by comparing the running value with the target) spreads its mass over variants,
///   and the correct answer becomes the greedy choice again. Made never correct: when the sum
///   is the target the last `+` becomes `-`, which moves the value by twice the last number;
/// - random: a uniformly drawn expression tree over the three numbers (any order, operators
///   `+ - * /`, either bracketing, integer intermediates as in the solver) whose value misses
///   the target, written with the solver's minimal parentheses.
///
/// Every demonstration uses each given number once and evaluates, so it is well formed.
public struct CountdownNoisySolver: NoisySolver {
    public init() {}

    public func demonstration(for item: TaskItem, kind: NoiseMix.Kind, style: NoiseMix.HabitStyle, using rng: inout RNG) -> String
    {
        guard case .countdown(let p) = item else { preconditionFailure("not a countdown item: \(item)") }
        let expression: String
        switch kind {
        case .correct: expression = p.solution
        case .habit where style == .nearMiss:
            expression = Self.nearMiss(p.solution, target: p.target) ?? Self.habit(p.numbers, target: p.target)
        case .habit: expression = Self.habit(p.numbers, target: p.target)
        case .random: expression = Self.randomWrong(p.numbers, target: p.target, using: &rng)
        }
        return AnswerTags.open + expression + AnswerTags.close
    }

    /// The solution with one operator swapped (last first), evaluable and not the target.
    static func nearMiss(_ solution: String, target: Int) -> String? {
        let chars = Array(solution)
        let operators = chars.indices.filter { "+-*/".contains(chars[$0]) }
        for i in operators.reversed() {
            for op in "+-*/" where op != chars[i] {
                var text = chars
                text[i] = op
                let s = String(text)
                if let v = ArithmeticExpression.evaluate(s), abs(v - Double(target)) >= 1e-5 { return s }
            }
        }
        return nil
    }

    /// The sum in prompt order, never equal to the target.
    static func habit(_ numbers: [Int], target: Int) -> String {
        let text = numbers.map(String.init).joined(separator: "+")
        guard numbers.reduce(0, +) == target, let last = numbers.last else { return text }
        return numbers.dropLast().map(String.init).joined(separator: "+") + "-" + String(last)
    }

    /// A random expression tree over all the numbers whose value is not the target. Three
    /// numbers in 1…99 always have one (`a+b+c` and `a+b-c` differ), so the loop ends.
    static func randomWrong(_ numbers: [Int], target: Int, using rng: inout RNG) -> String {
        let ops = ["+", "-", "*", "/"]
        while true {
            var items = numbers.map { CountdownSolver.Expression(value: $0, text: String($0), precedence: 3) }
            var failed = false
            // Combine two random items until one is left: every binary tree shape and order.
            while items.count > 1 {
                let i = rng.int(below: items.count)
                var j = rng.int(below: items.count - 1)
                if j >= i { j += 1 }
                guard let e = CountdownSolver.combine(items[i], ops[rng.int(below: 4)], items[j]) else { failed = true; break }
                items = items.indices.filter { $0 != i && $0 != j }.map { items[$0] } + [e]
            }
            if !failed, items[0].value != target { return items[0].text }
        }
    }
}
