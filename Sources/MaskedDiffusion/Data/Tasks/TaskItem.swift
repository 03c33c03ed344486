/// One problem of a reasoning task: what the model is asked, the reference answer, and the
/// identity used to keep training and test sets apart.
public enum TaskItem: Hashable, Sendable {
    case countdown(CountdownProblem)
    case sudoku(SudokuPuzzle)
    case arithmetic(ArithmeticProblem)

    /// The prompt text (before padding).
    public var prompt: String {
        switch self {
        case .countdown(let p): p.prompt
        case .sudoku(let p): p.puzzle
        case .arithmetic(let p): p.prompt
        }
    }

    /// The reference completion text the SFT data teaches (before EOS padding).
    public var completion: String {
        switch self {
        case .countdown(let p): AnswerTags.open + p.solution + AnswerTags.close
        case .sudoku(let p): AnswerTags.open + p.solution + AnswerTags.close
        case .arithmetic(let p): String(p.result)
        }
    }

    /// Items with equal keys count as the same problem for the train/test split: prompts up to
    /// the order of Countdown numbers and of the operands of `+` and `*`.
    public var splitKey: String {
        switch self {
        case .countdown(let p): "countdown " + p.numbers.sorted().map(String.init).joined(separator: " ") + "=\(p.target)"
        case .sudoku(let p): "sudoku " + p.puzzle
        case .arithmetic(let p): "arith " + p.splitKey
        }
    }
}

/// Countdown: reach `target` with each of `numbers` exactly once using `+ - * /`.
public struct CountdownProblem: Hashable, Sendable {
    public let numbers: [Int]
    public let target: Int
    /// The canonical solution (`CountdownSolver`), e.g. `25+3*7`.
    public let solution: String

    /// `"25 3 7=46"`: the numbers in the drawn order, then the target.
    public var prompt: String { numbers.map(String.init).joined(separator: " ") + "=\(target)" }
}

/// A 4×4 Sudoku with a unique solution, both as 16-character row-major digit strings.
public struct SudokuPuzzle: Hashable, Sendable {
    /// `0` marks an empty cell.
    public let puzzle: String
    public let solution: String
}

/// `lhs op rhs`, answered with the exact decimal result.
public struct ArithmeticProblem: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*"
    }

    public let lhs: Int
    public let rhs: Int
    public let operation: Operation

    public var result: Int {
        switch operation {
        case .add: lhs + rhs
        case .subtract: lhs - rhs
        case .multiply: lhs * rhs
        }
    }

    /// `"123+456="`.
    public var prompt: String { "\(lhs)\(operation.rawValue)\(rhs)=" }

    var splitKey: String {
        operation == .subtract ? prompt : "\(min(lhs, rhs))\(operation.rawValue)\(max(lhs, rhs))="
    }
}
