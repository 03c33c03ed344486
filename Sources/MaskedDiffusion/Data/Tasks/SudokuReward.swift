/// The 4×4 Sudoku reward of ESPO's `reward_func_sudoku` (docs/methods.md §4.7): the last
/// `<answer>` content, digits only (`str.isdigit`), right-padded with `0` or truncated to 16;
/// the reward is the fraction of the puzzle's empty cells (`0`) whose digit matches the
/// solution. No answer, no digits, or a puzzle without empty cells → 0.
public enum SudokuReward {
    /// `puzzle` and `solution` are 16-character row-major strings (`0` = empty in `puzzle`).
    public static func score(_ completion: String, puzzle: String, solution: String) -> Double {
        let (correct, empty) = cells(completion, puzzle: puzzle, solution: solution)
        return empty == 0 ? 0 : Double(correct) / Double(empty)
    }

    /// Whether the last answer is exactly 16 digits 1–4 (after `strip()`) and keeps every given
    /// of `puzzle`: a complete attempt, right or wrong.
    public static func isWellFormed(_ completion: String, puzzle: String) -> Bool {
        guard let content = AnswerTags.lastContent(in: Array(completion.unicodeScalars)) else { return false }
        let grid = PythonText.strip(content)
        guard grid.count == 16, grid.allSatisfy({ ("1"..."4").contains($0) }) else { return false }
        return zip(puzzle.unicodeScalars, grid).allSatisfy { given, cell in given == "0" || given == cell }
    }

    /// Correct and total empty cells: the per-puzzle counts behind the reward, and the sums
    /// behind the test-set cell accuracy of docs/methods.md §4.9 (Σ correct / Σ empty). An answer with no
    /// digits scores no correct cells.
    public static func cells(_ completion: String, puzzle: String, solution: String) -> (correct: Int, empty: Int) {
        let puzzle = Array(puzzle.unicodeScalars), solution = Array(solution.unicodeScalars)
        let empty = puzzle.indices.filter { puzzle[$0] == "0" }
        guard let content = AnswerTags.lastContent(in: Array(completion.unicodeScalars)) else { return (0, empty.count) }
        var digits = Array(content.filter(PythonText.isDigit).prefix(16))
        guard !digits.isEmpty else { return (0, empty.count) }
        digits += Array(repeating: "0", count: 16 - digits.count)
        return (empty.filter { $0 < solution.count && digits[$0] == solution[$0] }.count, empty.count)
    }
}
