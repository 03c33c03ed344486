/// 4×4 Sudoku demonstrations from a solver that knows the format but often guesses.
///
/// - correct: the solution;
/// - habit, `.nearMiss`: the solution with its first empty cell (row-major) one digit up
///   (4 → 1): one slip. A first version swapped the first two empty cells of the first row
///   with two; the tiny model did not learn where that pair is within 1000 fine-tuning steps
///   (the habit stayed at ~20% of samples instead of 60%, and greedy decoding solved 80%);
/// - habit, `.lazy`: a row-only fill: each row's missing digits go into its empty cells in ascending
///   order, ignoring columns and boxes. Every row is valid and the givens are kept; it is made
///   never correct: when it would be, the first row with two or more empty cells gets its first
///   two empty cells swapped (a puzzle with ≥ 5 blanks always has one such row; failing that,
///   the first empty cell takes the next digit, breaking its row but keeping the format);
/// - random: the solution with between one and half of its empty cells (at least one)
///   changed to another digit 1–4.
///
/// Every demonstration is 16 digits 1–4 that keep the givens, so it is well formed.
public struct SudokuNoisySolver: NoisySolver {
    public init() {}

    public func demonstration(for item: TaskItem, kind: NoiseMix.Kind, style: NoiseMix.HabitStyle, using rng: inout RNG) -> String
    {
        guard case .sudoku(let p) = item else { preconditionFailure("not a sudoku item: \(item)") }
        let puzzle = p.puzzle.map { Int(String($0))! }, solution = p.solution.map { Int(String($0))! }
        let grid: [Int]
        switch kind {
        case .correct: grid = solution
        case .habit where style == .nearMiss:
            grid = Self.nearMiss(puzzle, solution: solution) ?? Self.habit(puzzle, solution: solution)
        case .habit: grid = Self.habit(puzzle, solution: solution)
        case .random: grid = Self.randomWrong(puzzle, solution: solution, using: &rng)
        }
        return AnswerTags.open + grid.map(String.init).joined() + AnswerTags.close
    }

    /// The solution with the first empty cell one digit up; nil for a puzzle without blanks.
    static func nearMiss(_ puzzle: [Int], solution: [Int]) -> [Int]? {
        guard let cell = puzzle.firstIndex(of: 0) else { return nil }
        var grid = solution
        grid[cell] = solution[cell] % 4 + 1
        return grid
    }

    /// The row-only fill; differs from `solution` whenever some row has two or more empty cells.
    static func habit(_ puzzle: [Int], solution: [Int]) -> [Int] {
        var grid = puzzle
        for r in 0..<4 {
            let cells = (0..<4).map { r * 4 + $0 }
            let missing = (1...4).filter { d in !cells.contains { puzzle[$0] == d } }
            for (cell, digit) in zip(cells.filter { puzzle[$0] == 0 }, missing) { grid[cell] = digit }
        }
        if grid == solution,
            let r = (0..<4).first(where: { r in (0..<4).filter { puzzle[r * 4 + $0] == 0 }.count >= 2 })
        {
            let empty = (0..<4).map { r * 4 + $0 }.filter { puzzle[$0] == 0 }
            grid.swapAt(empty[0], empty[1])
        }
        if grid == solution, let cell = puzzle.firstIndex(of: 0) { grid[cell] = solution[cell] % 4 + 1 }
        return grid
    }

    /// The solution with k ∈ 1…max(1, empty/2) random empty cells set to another digit.
    static func randomWrong(_ puzzle: [Int], solution: [Int], using rng: inout RNG) -> [Int] {
        var empty = puzzle.indices.filter { puzzle[$0] == 0 }
        var grid = solution
        let k = 1 + rng.int(below: max(1, empty.count / 2))
        for _ in 0..<min(k, empty.count) {
            let cell = empty.remove(at: rng.int(below: empty.count))
            let shift = 1 + rng.int(below: 3)  // another digit: 1–3 steps round 1…4
            grid[cell] = (solution[cell] - 1 + shift) % 4 + 1
        }
        return grid
    }
}
