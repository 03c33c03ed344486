/// 4×4 Sudoku: prompt = the 16-digit puzzle (`0` = empty), completion
/// `<answer>` + 16-digit solution + `</answer>` (18 tokens) then `<eos>` to L = 20.
///
/// A puzzle starts from one of the 288 complete grids (uniform), picks a number of blanks
/// uniformly from `blanks`, and empties cells in a random order, skipping any cell whose removal
/// would admit a second solution; so every puzzle has exactly one solution (possibly with fewer
/// blanks than drawn, when no further cell can go).
public struct SudokuTask: ReasoningTask {
    public let name = "sudoku"
    public let tokenizer = TaskVocabulary.tokenizer(task: "sudoku")
    public let blanks: ClosedRange<Int>
    public let promptLength = 16
    public let completionLength: Int
    public let split: HeldOutSplit

    public init(blanks: ClosedRange<Int> = 6...12, completionLength: Int = 20, testSize: Int = 256, testSeed: UInt64 = 42) {
        precondition(blanks.lowerBound >= 1 && blanks.upperBound <= 12, "a unique 4×4 puzzle has 1…12 blanks")
        precondition(completionLength >= 18, "sudoku needs L ≥ 18")
        self.blanks = blanks
        self.completionLength = completionLength
        split = HeldOutSplit(size: testSize, testSeed: testSeed, tag: HeldOutSplit.tag(name)) { [blanks] in
            .sudoku(Self.draw(blanks: blanks, using: &$0))
        }
    }

    public func draw(using rng: inout RNG) -> TaskItem { .sudoku(Self.draw(blanks: blanks, using: &rng)) }

    static func draw(blanks: ClosedRange<Int>, using rng: inout RNG) -> SudokuPuzzle {
        let solution = SudokuSolver.allGrids[rng.int(below: SudokuSolver.allGrids.count)]
        let wanted = blanks.lowerBound + rng.int(below: blanks.count)
        var order = Array(0..<16)
        for i in stride(from: 15, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }  // Fisher–Yates
        var puzzle = solution, removed = 0
        for cell in order where removed < wanted {
            puzzle[cell] = 0
            if SudokuSolver.countSolutions(puzzle, limit: 2) == 1 { removed += 1 } else { puzzle[cell] = solution[cell] }
        }
        func text(_ g: [Int]) -> String { g.map(String.init).joined() }
        return SudokuPuzzle(puzzle: text(puzzle), solution: text(solution))
    }

    /// A 16-digit puzzle (`0` = empty, at least one) whose givens agree and that has exactly one
    /// solution, which the reward compares with.
    public func item(parsing prompt: String) -> TaskItem? {
        let grid = prompt.utf8.map { Int($0) - 0x30 }
        // The solver fills empty cells only: givens that clash (two 2s in a row) must be refused
        // here, and a puzzle has something to solve.
        guard grid.count == 16, grid.allSatisfy((0...4).contains), grid.contains(0),
            grid.indices.allSatisfy({ grid[$0] == 0 || SudokuSolver.allows(grid, $0, grid[$0]) }),
            SudokuSolver.countSolutions(grid, limit: 2) == 1, let solution = SudokuSolver.firstSolution(grid)
        else { return nil }
        return .sudoku(SudokuPuzzle(puzzle: prompt, solution: solution.map(String.init).joined()))
    }

    public func reward(_ item: TaskItem, completion: String) -> Double {
        guard case .sudoku(let p) = item else { preconditionFailure("not a sudoku item: \(item)") }
        return SudokuReward.score(completion, puzzle: p.puzzle, solution: p.solution)
    }

    /// Every empty cell right.
    public func isSuccess(_ item: TaskItem, completion: String) -> Bool { reward(item, completion: completion) == 1 }

    /// A full grid of digits 1–4 that keeps the givens (`SudokuReward.isWellFormed`).
    public func isWellFormed(_ item: TaskItem, completion: String) -> Bool {
        guard case .sudoku(let p) = item else { preconditionFailure("not a sudoku item: \(item)") }
        return SudokuReward.isWellFormed(completion, puzzle: p.puzzle)
    }
}
