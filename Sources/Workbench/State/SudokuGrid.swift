import MaskedDiffusion

/// A 4×4 Sudoku row of a trajectory at one step, as the grid it encodes: the prompt is the
/// 16-digit puzzle (`0` = empty), the completion `<answer>` + 16 digits + `</answer>`
/// (`SudokuTask`). Cells come from the 16 positions after the first `<answer>` of the viewed
/// step (the format's place, right after the prompt, while `<answer>` is still masked). Built
/// by the app; `SudokuGridPane` only formats it.
struct SudokuGrid: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A digit of the puzzle.
        case given
        /// A digit (or any token) the sampler committed in an empty cell.
        case filled
        case masked
    }

    struct Cell: Equatable, Sendable {
        var text: String
        var kind: Kind
        /// The sampler's cell disagrees with the solution (filled cells, when the answer is
        /// known) or with the puzzle (given cells it overwrote).
        var wrong: Bool
    }

    /// Row-major, 16 cells.
    var cells: [Cell]

    /// The grid of `tokens` (a whole row: prompt of 16, then the completion), or nil when the
    /// row is too short to hold a puzzle. `solution`: 16 digits when the item's answer is known.
    static func make(tokens: [Int32], model: WorkbenchModel, promptLength: Int, solution: String?) -> SudokuGrid? {
        guard promptLength == 16, tokens.count >= promptLength + 17 else { return nil }
        let labels = model.display(tokens)
        let open = labels[promptLength...].firstIndex(of: AnswerTags.open) ?? promptLength
        let answer = Array(solution?.map(String.init) ?? [])
        let cells = (0..<16).map { k -> Cell in
            let given = labels[k]
            let i = open + 1 + k
            let written = i < tokens.count && tokens[i] != model.maskId ? labels[i] : nil
            if given != "0" { return Cell(text: given, kind: .given, wrong: written.map { $0 != given } ?? false) }
            guard let written else { return Cell(text: "░", kind: .masked, wrong: false) }
            return Cell(
                text: written.count == 1 ? written : "?", kind: .filled, wrong: answer.count == 16 && written != answer[k])
        }
        return SudokuGrid(cells: cells)
    }
}
