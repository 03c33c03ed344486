import Foundation
import Testing

@testable import MaskedDiffusion

/// The noisy solvers behind the RL base models (issue #19): the statistics the recipe relies
/// on (correct share, a habit that is never right, always well formed) on the training stream
/// itself, and a data source that resumes exactly.
struct NoisySolverTests {
    static let n = 2000

    /// The first `n` training examples of a noisy source, decoded and scored.
    func stream(_ spec: DatasetSpec, seed: UInt64 = 0)
        -> (task: any ReasoningTask, rows: [(item: TaskItem, text: String, kind: NoiseMix.Kind)])
    {
        let (source, _) = try! spec.open(seed: seed)
        let s = source as! NoisyTaskSource
        let rows = (0..<Self.n).map { i in
            let (example, kind) = s.trainingExample(i, seed: seed)
            return (example.item, s.task.completionText(example.completion), kind)
        }
        return (s.task, rows)
    }

    /// Binomial tolerance: 4.5 standard errors of a share over `n` draws.
    func close(_ observed: Double, _ expected: Double) -> Bool {
        abs(observed - expected) <= 4.5 * (expected * (1 - expected) / Double(Self.n)).squareRoot() + 1e-9
    }

    @Test(arguments: ["countdown", "sudoku"], NoiseMix.HabitStyle.allCases)
    func correctShareMatchesTheMixAndOnlyCorrectDemonstrationsSucceed(task name: String, style: NoiseMix.HabitStyle) {
        let mix = NoiseMix(correct: 0.3, habit: 0.45, style: style)
        let (task, rows) = stream(.noisyTask(name, mix))
        let correct = rows.filter { task.isSuccess($0.item, completion: $0.text) }
        #expect(close(Double(correct.count) / Double(Self.n), mix.correct))
        #expect(close(Double(rows.filter { $0.kind == .habit }.count) / Double(Self.n), mix.habit))
        for row in rows { #expect(task.isSuccess(row.item, completion: row.text) == (row.kind == .correct)) }
    }

    @Test(arguments: ["countdown", "sudoku"], NoiseMix.HabitStyle.allCases)
    func everyDemonstrationIsWellFormed(task name: String, style: NoiseMix.HabitStyle) {
        let (task, rows) = stream(.noisyTask(name, NoiseMix(correct: 0.2, habit: 0.3, style: style)))
        for row in rows { #expect(task.isWellFormed(row.item, completion: row.text), "\(row.item.prompt) → \(row.text)") }
        let wrong = rows.filter { $0.kind != .correct }
        if name == "countdown" {
            // Well formed and wrong is exactly the format score: the reward never sees a broken answer.
            for row in wrong { #expect(task.reward(row.item, completion: row.text) == CountdownReward.formatScore) }
        } else {
            for row in wrong { #expect(task.reward(row.item, completion: row.text) < 1) }
        }
    }

    @Test(arguments: ["countdown", "sudoku"], NoiseMix.HabitStyle.allCases)
    func theHabitIsOneAnswerPerPromptAndRandomAnswersVary(task name: String, style: NoiseMix.HabitStyle) throws {
        let solver = try #require(NoisySolvers.solver(for: name))
        let task = try #require(DatasetSpec.reasoningTask(named: name))
        var rng = RNG(seed: 1, stream: .data)
        var distinctRandom = 0
        for item in task.testItems.prefix(64) {
            let habits = Set((0..<4).map { _ in solver.demonstration(for: item, kind: .habit, style: style, using: &rng) })
            #expect(habits.count == 1)
            let randoms = Set((0..<8).map { _ in solver.demonstration(for: item, kind: .random, style: style, using: &rng) })
            distinctRandom += randoms.count
        }
        // Random wrong answers are diverse: on average well over one distinct answer per prompt.
        #expect(Double(distinctRandom) / 64 > 2.5)
    }

    @Test func countdownHabitAddsInPromptOrderAndMissesTheTarget() {
        #expect(CountdownNoisySolver.habit([25, 3, 7], target: 46) == "25+3+7")
        #expect(CountdownNoisySolver.habit([50, 30, 5], target: 30) == "50+30+5")
        // The sum would hit the target: the last operator flips.
        #expect(CountdownNoisySolver.habit([10, 5, 3], target: 18) == "10+5-3")
    }

    @Test func nearMissesAreOneSlipFromTheSolution() {
        #expect(CountdownNoisySolver.nearMiss("25+3*7", target: 46) == "25+3+7")
        #expect(CountdownNoisySolver.nearMiss("(9-3)*7", target: 42) == "(9-3)+7")
        // 6/3 → 6+3 = 9 is the target, 6-3 = 3 is not.
        #expect(CountdownNoisySolver.nearMiss("6/3", target: 9) == "6-3")
        let solution = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1]
        var puzzle = solution
        for i in [2, 5, 6, 7, 13] { puzzle[i] = 0 }
        // The first blank, cell 2, holds 3 in the solution: the slip writes 4 (and 4 → 1).
        #expect(SudokuNoisySolver.nearMiss(puzzle, solution: solution) == [1, 2, 4, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1])
        puzzle[2] = 3
        puzzle[3] = 0
        #expect(SudokuNoisySolver.nearMiss(puzzle, solution: solution)?[3] == 1)
    }

    @Test func sudokuHabitFillsRowsInAscendingOrderAndIsNeverTheSolution() {
        let solution = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1]
        var puzzle = solution
        for i in [0, 1, 6, 7, 8, 9, 14] { puzzle[i] = 0 }
        let habit = SudokuNoisySolver.habit(puzzle, solution: solution)
        // Rows 0 and 1 miss `1 2` in that order: ascending is right. Row 2 misses `2 1`: wrong.
        #expect(Array(habit[0..<8]) == [1, 2, 3, 4, 3, 4, 1, 2])
        #expect(Array(habit[8..<12]) == [1, 2, 4, 3])
        #expect(habit != solution)
        #expect(zip(puzzle, habit).allSatisfy { $0 == 0 || $0 == $1 })
        // A puzzle whose ascending fill is right gets two cells of a row swapped.
        var lucky = solution
        for i in [0, 1, 2, 3, 4] { lucky[i] = 0 }
        let swapped = SudokuNoisySolver.habit(lucky, solution: solution)
        #expect(swapped != solution && Array(swapped[0..<4]) == [2, 1, 3, 4])
    }

    @Test func theDataResumesExactlyAndKeepsThePlainRunsPrompts() throws {
        let spec = DatasetSpec.noisyTask("countdown", .default)
        let (a, _) = try spec.open(seed: 5), (b, _) = try spec.open(seed: 5)
        #expect(a.batch(step: 7, size: 16, seed: 5).tokens == b.batch(step: 7, size: 16, seed: 5).tokens)
        // Same prompts as plain SFT with the seed (the prefix of each row), other answers.
        let (plain, _) = try DatasetSpec.task("countdown").open(seed: 5)
        let noisy = a.batch(step: 3, size: 8, seed: 5), reference = plain.batch(step: 3, size: 8, seed: 5)
        let p = TaskFixtures.countdown.promptLength, l = a.seqLen
        for row in 0..<8 {
            #expect(Array(noisy.tokens[(row * l)..<(row * l + p)]) == Array(reference.tokens[(row * l)..<(row * l + p)]))
        }
        #expect(noisy.tokens != reference.tokens)
    }

    @Test func specsParseRoundTripAndReject() throws {
        #expect(try DatasetSpec.noisyTask(parsing: "countdown-noisy") == .noisyTask("countdown", .default))
        #expect(
            try DatasetSpec.noisyTask(parsing: "sudoku-noisy:p=0.25,h=0.5")
                == .noisyTask("sudoku", NoiseMix(correct: 0.25, habit: 0.5)))
        #expect(
            try DatasetSpec.noisyTask(parsing: "sudoku-noisy:habit=lazy,p=0.25")
                == .noisyTask("sudoku", NoiseMix(correct: 0.25, habit: 0.5, style: .lazy)))
        #expect(throws: DatasetError.self) { try DatasetSpec.noisyTask(parsing: "countdown-noisy:habit=odd") }
        #expect(try DatasetSpec.noisyTask(parsing: "countdown") == nil)
        #expect(throws: DatasetError.self) { try DatasetSpec.noisyTask(parsing: "arith-noisy") }
        #expect(throws: DatasetError.self) { try DatasetSpec.noisyTask(parsing: "countdown-noisy:p=0.8,h=0.5") }
        #expect(throws: DatasetError.self) { try DatasetSpec.noisyTask(parsing: "countdown-noisy:q=1") }
        let spec = DatasetSpec.noisyTask("sudoku", NoiseMix(correct: 0.2, habit: 0.6, style: .lazy))
        let json = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(DatasetSpec.self, from: json) == spec)
        #expect(String(decoding: json, as: UTF8.self).contains("\"noisy-task\""))
    }

    @Test func wellFormednessRules() {
        let cd = TaskFixtures.countdown, sd = TaskFixtures.sudoku
        let c = TaskItem.countdown(CountdownProblem(numbers: [25, 3, 7], target: 46, solution: "25+3*7"))
        #expect(cd.isWellFormed(c, completion: "<answer>25+3*7</answer>"))
        #expect(cd.isWellFormed(c, completion: "<answer>7-3-25</answer>"))
        #expect(!cd.isWellFormed(c, completion: "<answer>25+3</answer>"))
        #expect(!cd.isWellFormed(c, completion: "<answer>25+3*7"))
        #expect(!cd.isWellFormed(c, completion: "<answer>25/(7-7)+3</answer>"))
        let s = TaskItem.sudoku(SudokuPuzzle(puzzle: "1034341221430000", solution: "1234341221434321"))
        #expect(sd.isWellFormed(s, completion: "<answer>1234341221434321</answer>"))
        #expect(sd.isWellFormed(s, completion: "<answer>1234341221431234</answer>"))  // wrong, but whole
        #expect(!sd.isWellFormed(s, completion: "<answer>2234341221434321</answer>"))  // a given changed
        #expect(!sd.isWellFormed(s, completion: "<answer>123434122143432</answer>"))  // 15 digits
        #expect(!sd.isWellFormed(s, completion: "<answer>1234341221434320</answer>"))  // 0 is no digit here
    }
}
