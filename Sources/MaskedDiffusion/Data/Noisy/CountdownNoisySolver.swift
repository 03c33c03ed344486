/// Countdown demonstrations from a solver that knows the format but often guesses.
///
/// - correct: the canonical solution (`CountdownSolver`), as in plain SFT;
/// - habit: the numbers in prompt order, each `+` while the running value is below the target
///   and `-` otherwise (`25 3 7=46` → `25+3+7`). A plausible first guess, easy to learn, and
///   made never correct: when it would hit the target its last operator is flipped, which
///   moves the value by twice the last number;
/// - random: a uniformly drawn expression tree over the three numbers (any order, operators
///   `+ - * /`, either bracketing, integer intermediates as in the solver) whose value misses
///   the target, written with the solver's minimal parentheses.
///
/// Every demonstration uses each given number once and evaluates, so it is well formed.
public struct CountdownNoisySolver: NoisySolver {
    public init() {}

    public func demonstration(for item: TaskItem, kind: NoiseMix.Kind, using rng: inout RNG) -> String {
        guard case .countdown(let p) = item else { preconditionFailure("not a countdown item: \(item)") }
        let expression: String
        switch kind {
        case .correct: expression = p.solution
        case .habit: expression = Self.habit(p.numbers, target: p.target)
        case .random: expression = Self.randomWrong(p.numbers, target: p.target, using: &rng)
        }
        return AnswerTags.open + expression + AnswerTags.close
    }

    /// The greedy-approach guess in prompt order, never equal to the target.
    static func habit(_ numbers: [Int], target: Int) -> String {
        var value = numbers[0], text = String(numbers[0])
        var ops: [Character] = []
        for n in numbers.dropFirst() {
            let op: Character = value < target ? "+" : "-"
            value += op == "+" ? n : -n
            ops.append(op)
        }
        if value == target, let last = ops.indices.last, let n = numbers.last {
            value += ops[last] == "+" ? -2 * n : 2 * n
            ops[last] = ops[last] == "+" ? "-" : "+"
        }
        for (op, n) in zip(ops, numbers.dropFirst()) { text += String(op) + String(n) }
        return text
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
