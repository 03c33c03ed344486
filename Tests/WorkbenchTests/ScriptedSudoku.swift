import MaskedDiffusion

@testable import Workbench

extension ScriptedNetworks {
    /// A Sudoku model answering with the solution, or with the first empty cell one digit up when
    /// `slip` (the near-miss habit of the RL bases, Examples/espo/BASES.md), so a grid shows a wrong cell.
    static func sudoku(_ loaded: LoadedModel, name: String, slip: Bool) -> WorkbenchModel {
        guard case .text(let t) = loaded.tokenizer else { fatalError("sudoku has a vocabulary tokenizer") }
        let ids = Dictionary(uniqueKeysWithValues: (0..<Int32(t.vocabSize)).map { (t.text(of: $0), $0) })
        let script = SudokuScript(ids: ids, slip: slip)
        return model(name, loaded) { row, i, z in script.logits(row, i, z) }
    }
}

/// Sudoku: the prompt is the puzzle's 16 digits (0 = empty); the completion spells `<answer>`, 16
/// digits and `</answer>`, then `<eos>`. Padding is the most confident, then the answer from left
/// to right, as in `CountdownScript`.
struct SudokuScript: Sendable {
    let ids: [String: Int32]
    let slip: Bool

    func logits(_ row: [Int32], _ i: Int, _ z: UnsafeMutablePointer<Float>) {
        ScriptedNetworks.background(z, count: ids.count, position: i)
        let cells = 16
        guard i >= cells, row.count >= cells else { return }
        let digit = Dictionary(uniqueKeysWithValues: (0...4).map { (ids[String($0)]!, $0) })
        let puzzle = row[..<cells].map { digit[$0] ?? 0 }
        let answer = ["<answer>"] + Self.answer(puzzle, slip: slip).map(String.init) + ["</answer>"]
        let k = i - cells
        if k < answer.count {
            z[Int(ids[answer[k]]!)] = 10 - 0.4 * Float(k)
        } else {
            z[Int(ids["<eos>"]!)] = 14
        }
    }

    /// The puzzle's first solution (`SudokuSolver`; the puzzle itself if it has none), with the
    /// first empty cell one digit up (4 → 1) when `slip`.
    static func answer(_ puzzle: [Int], slip: Bool) -> [Int] {
        guard var grid = SudokuSolver.firstSolution(puzzle) else { return puzzle }
        if slip, let cell = puzzle.firstIndex(of: 0) { grid[cell] = grid[cell] % 4 + 1 }
        return grid
    }
}
