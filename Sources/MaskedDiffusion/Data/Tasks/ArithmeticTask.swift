/// Multi-digit arithmetic: prompt `"123+456="` (left-padded to `2·digits + 2` tokens), completion
/// the exact decimal result (`"579"`, `"-42"`) then `<eos>`. Operands are uniform in
/// `0..<10^digits`; L is the longest possible result (`digits + 1` for `+` and `-`, `2·digits`
/// for `*`). Reward: 1 if the completion, `strip()`ped, is exactly the result, else 0.
public struct ArithmeticTask: ReasoningTask {
    public let name = "arith"
    public let tokenizer = TaskVocabulary.tokenizer(task: "arith")
    public let operation: ArithmeticProblem.Operation
    public let digits: Int
    public let promptLength: Int
    public let completionLength: Int
    public let split: HeldOutSplit

    /// `digits` in 2…9: at least 10⁴ distinct problems for a 256-item test set, results within `Int`.
    public init(operation: ArithmeticProblem.Operation = .add, digits: Int = 3, testSize: Int = 256, testSeed: UInt64 = 42) {
        precondition((2...9).contains(digits), "arith digits must be 2…9")
        self.operation = operation
        self.digits = digits
        promptLength = 2 * digits + 2
        completionLength = operation == .multiply ? 2 * digits : digits + 1
        split = HeldOutSplit(size: testSize, testSeed: testSeed, tag: HeldOutSplit.tag(name)) { [operation, digits] in
            .arithmetic(Self.draw(operation, digits: digits, using: &$0))
        }
    }

    public func draw(using rng: inout RNG) -> TaskItem { .arithmetic(Self.draw(operation, digits: digits, using: &rng)) }

    static func draw(_ operation: ArithmeticProblem.Operation, digits: Int, using rng: inout RNG) -> ArithmeticProblem {
        var bound = 1
        for _ in 0..<digits { bound *= 10 }
        return ArithmeticProblem(lhs: rng.int(below: bound), rhs: rng.int(below: bound), operation: operation)
    }

    /// `"123+456="`: the task's operation on two operands of at most `digits` digits.
    public func item(parsing prompt: String) -> TaskItem? {
        guard prompt.hasSuffix("=") else { return nil }
        let operands = prompt.dropLast().split(separator: Character(operation.rawValue), omittingEmptySubsequences: false)
        guard operands.count == 2, operands.allSatisfy({ $0.count <= digits }), let lhs = Int(operands[0]),
            let rhs = Int(operands[1]), lhs >= 0, rhs >= 0
        else { return nil }
        let problem = ArithmeticProblem(lhs: lhs, rhs: rhs, operation: operation)
        return problem.prompt == prompt ? .arithmetic(problem) : nil
    }

    public func reward(_ item: TaskItem, completion: String) -> Double {
        guard case .arithmetic(let p) = item else { preconditionFailure("not an arithmetic item: \(item)") }
        let answer = PythonText.strip(Array(completion.unicodeScalars)[...])
        return answer.elementsEqual(String(p.result).unicodeScalars) ? 1 : 0
    }

    public func isSuccess(_ item: TaskItem, completion: String) -> Bool { reward(item, completion: completion) == 1 }

    /// An optionally signed ASCII integer after `strip()`, right or wrong.
    public func isWellFormed(_ item: TaskItem, completion: String) -> Bool {
        let answer = PythonText.strip(Array(completion.unicodeScalars)[...])
        let digits = answer.first == "-" ? answer.dropFirst() : answer
        return !digits.isEmpty && digits.allSatisfy { ("0"..."9").contains($0) }
    }
}
