/// Countdown with three numbers (Countdown-Tasks-3to4 style): prompt `"25 3 7=46"` (numbers in
/// drawn order, `=`, target), completion `<answer>25+3*7</answer>` then `<eos>` to length L.
///
/// Numbers are drawn uniformly from `numberRange` (repeats allowed); the target is drawn
/// uniformly from the values in `targetRange` that the search reaches, so every item is
/// solvable, and the canonical solution is `CountdownSolver`'s. With the defaults (1…99) the
/// prompt is at most 11 tokens and the completion at most 12, so L = 16 leaves room for `<eos>`.
public struct CountdownTask: ReasoningTask {
    public let name = "countdown"
    public let tokenizer = TaskVocabulary.tokenizer(task: "countdown")
    public let numberRange: ClosedRange<Int>
    public let targetRange: ClosedRange<Int>
    public let promptLength: Int
    public let completionLength: Int
    public let split: HeldOutSplit

    public init(
        numberRange: ClosedRange<Int> = 1...99, targetRange: ClosedRange<Int> = 1...99,
        completionLength: Int = 16, testSize: Int = 256, testSeed: UInt64 = 42
    ) {
        precondition(numberRange.lowerBound >= 1 && targetRange.lowerBound >= 1, "positive numbers and targets")
        let numberDigits = String(numberRange.upperBound).count, targetDigits = String(targetRange.upperBound).count
        let longestAnswer = 2 + 3 * numberDigits + 2 + 2  // tags, numbers, two operators, one pair of parentheses
        precondition(completionLength >= longestAnswer, "countdown needs L ≥ \(longestAnswer)")
        self.numberRange = numberRange
        self.targetRange = targetRange
        self.promptLength = 3 * numberDigits + 2 + 1 + targetDigits
        self.completionLength = completionLength
        split = HeldOutSplit(size: testSize, testSeed: testSeed, tag: HeldOutSplit.tag(name)) { [numberRange, targetRange] in
            .countdown(Self.draw(numbers: numberRange, targets: targetRange, using: &$0))
        }
    }

    public func draw(using rng: inout RNG) -> TaskItem {
        .countdown(Self.draw(numbers: numberRange, targets: targetRange, using: &rng))
    }

    static func draw(numbers range: ClosedRange<Int>, targets: ClosedRange<Int>, using rng: inout RNG) -> CountdownProblem {
        while true {
            let numbers = (0..<3).map { _ in range.lowerBound + rng.int(below: range.count) }
            let reachable = CountdownSolver.solutions(numbers).filter { targets.contains($0.key) }
            guard !reachable.isEmpty else { continue }
            let values = reachable.keys.sorted()
            let target = values[rng.int(below: values.count)]
            return CountdownProblem(numbers: numbers, target: target, solution: reachable[target]!)
        }
    }

    /// `"25 3 7=46"`: three numbers and a target in the task's ranges; the solution is the
    /// solver's, or empty when none reaches the target (the reward does not read it).
    public func item(parsing prompt: String) -> TaskItem? {
        let sides = prompt.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2, let target = Int(sides[1]), targetRange.contains(target) else { return nil }
        let numbers = sides[0].split(separator: " ", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard numbers.count == 3, numbers.allSatisfy(numberRange.contains) else { return nil }
        let problem = CountdownProblem(
            numbers: numbers, target: target, solution: CountdownSolver.solutions(numbers)[target] ?? "")
        return problem.prompt == prompt ? .countdown(problem) : nil
    }

    public func reward(_ item: TaskItem, completion: String) -> Double {
        guard case .countdown(let p) = item else { preconditionFailure("not a countdown item: \(item)") }
        return CountdownReward.score(completion, numbers: p.numbers, target: p.target)
    }

    /// Exact success as in docs/methods.md §4.9: the reward's full score.
    public func isSuccess(_ item: TaskItem, completion: String) -> Bool { reward(item, completion: completion) == 1 }

    /// An answer over exactly the given numbers that evaluates (`CountdownReward.isWellFormed`).
    public func isWellFormed(_ item: TaskItem, completion: String) -> Bool {
        guard case .countdown(let p) = item else { preconditionFailure("not a countdown item: \(item)") }
        return CountdownReward.isWellFormed(completion, numbers: p.numbers)
    }
}
