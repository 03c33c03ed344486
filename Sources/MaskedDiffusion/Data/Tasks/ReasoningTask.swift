/// A generated reasoning task (Countdown, Sudoku, arithmetic): how items are drawn, encoded as
/// fixed-length sequences, and rewarded.
///
/// Tasks feed SFT (`trainingExample`), greedy evaluation on `testItems` (`evaluate`) and RL,
/// whose rewards are computed on decoded completions (`completionText` → `reward`).
public protocol ReasoningTask: Sendable {
    /// `"countdown"`, `"sudoku"` or `"arith"`; also written into `tokenizer.json`.
    var name: String { get }
    var tokenizer: VocabularyTokenizer { get }
    /// Prompt tokens, left-padded with `<eos>` (so every completion starts at the same position).
    var promptLength: Int { get }
    /// Completion tokens `L`, right-padded with `<eos>`.
    var completionLength: Int { get }
    /// The held-out test set (≥ 256 items) and the rule that keeps training items out of it.
    var split: HeldOutSplit { get }
    /// One random item (test and training sets both draw from this).
    func draw(using rng: inout RNG) -> TaskItem
    /// The item a typed prompt states, written exactly as the task writes its prompts (`item.prompt
    /// == prompt`), or nil: so a prompt of one's own is scored like a held-out one.
    func item(parsing prompt: String) -> TaskItem?
    /// The reward of a decoded completion (docs/methods.md §4.7).
    func reward(_ item: TaskItem, completion: String) -> Double
    /// Whether the completion solves the item exactly.
    func isSuccess(_ item: TaskItem, completion: String) -> Bool
    /// Whether the completion is a well-formed attempt (right format, the item's own numbers or
    /// givens), right or wrong: what a base model for RL must always produce, so that rewards
    /// separate right from wrong answers rather than broken from well-formed ones.
    func isWellFormed(_ item: TaskItem, completion: String) -> Bool
}

extension ReasoningTask {
    public var testItems: [TaskItem] { split.testItems }

    /// Why a model of `config` cannot hold this task's sequences, or nil (a task model shorter
    /// than its task once trapped in `elbo --data test` and `espo`).
    public func lengthProblem(_ config: ModelConfig) -> String? {
        guard config.maxSeqLen < promptLength + completionLength else { return nil }
        return "\(ModelConfig.CodingKeys.maxSeqLen.rawValue) (\(config.maxSeqLen)) is shorter than \(name)'s sequences "
            + "(prompt \(promptLength) + completion \(completionLength))"
    }

    /// The n-th training item of a run: a pure function of (seed, n), never a test item.
    public func trainingItem(_ n: Int, seed: UInt64) -> TaskItem {
        split.trainingItem(n, seed: seed) { draw(using: &$0) }
    }

    public func trainingExample(_ n: Int, seed: UInt64) -> TaskExample { example(for: trainingItem(n, seed: seed)) }

    /// The padded token sequences of an item (reference completion included).
    public func example(for item: TaskItem) -> TaskExample { example(for: item, completion: item.completion) }

    /// The padded token sequences of an item with another completion text (a noisy solver's
    /// demonstration), which must be made of the task vocabulary and fit the completion length.
    public func example(for item: TaskItem, completion text: String) -> TaskExample {
        let eos = tokenizer.eosId!
        // Task prompts and completions are built from the task vocabulary, so they encode.
        let prompt = try! tokenizer.encode(item.prompt)
        let completion = try! tokenizer.encode(text)
        precondition(
            prompt.count <= promptLength && completion.count <= completionLength,
            "\(name): \(item) does not fit \(promptLength)+\(completionLength) tokens")
        return TaskExample(
            prompt: Array(repeating: eos, count: promptLength - prompt.count) + prompt,
            completion: completion + Array(repeating: eos, count: completionLength - completion.count),
            item: item)
    }

    /// A prompt typed by a user ("25 3 7=46"), padded on the left with `<eos>` as the task's own
    /// prompts are; the error says why it does not fit.
    public func prompt(typed text: String) throws -> [Int32] {
        let ids = try tokenizer.encode(text)
        guard ids.count <= promptLength else {
            throw TaskPromptError(message: "'\(text)' is \(ids.count) tokens; \(name) prompts have at most \(promptLength)")
        }
        return Array(repeating: tokenizer.eosId!, count: promptLength - ids.count) + ids
    }

    /// The text a reward sees: the completion up to its first `<eos>` (what follows is not part
    /// of the answer); still-masked positions appear as the mask glyph, which no rule accepts.
    public func completionText(_ ids: some Collection<Int32>) -> String {
        let eos = tokenizer.eosId
        return tokenizer.decode(Array(ids.prefix { $0 != eos }))
    }

    /// Test metrics of decoded completions, one per item.
    public func evaluate(_ items: [TaskItem], completions: [String]) -> TaskMetrics {
        precondition(items.count == completions.count, "one completion per item")
        var metrics = TaskMetrics()
        for (item, completion) in zip(items, completions) {
            metrics.add(reward: reward(item, completion: completion), success: isSuccess(item, completion: completion))
            if case .sudoku(let p) = item {
                let c = SudokuReward.cells(completion, puzzle: p.puzzle, solution: p.solution)
                metrics.addCells(correct: c.correct, empty: c.empty)
            }
        }
        return metrics
    }
}

/// Why a typed prompt does not fit a task.
public struct TaskPromptError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
