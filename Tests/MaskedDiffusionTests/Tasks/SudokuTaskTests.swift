import Testing

@testable import MaskedDiffusion

struct SudokuTaskTests {
    let task = TaskFixtures.sudoku

    @Test func thereAre288ValidGrids() {
        let grids = SudokuSolver.allGrids
        #expect(grids.count == 288 && Set(grids).count == 288)
        for g in grids { #expect((0..<16).allSatisfy { SudokuSolver.allows(g, $0, g[$0]) }) }
    }

    @Test func solverCountsSolutions() {
        #expect(SudokuSolver.countSolutions([Int](repeating: 0, count: 16), limit: 2) == 2)
        let full = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1]
        #expect(SudokuSolver.countSolutions(full) == 1)
        #expect(SudokuSolver.allGrids.contains(full))
        // Cells 0, 1, 8, 9 hold 1 2 / 2 1: swapping them gives a second valid grid.
        var two = full
        for i in [0, 1, 8, 9] { two[i] = 0 }
        #expect(SudokuSolver.countSolutions(two, limit: 10) == 2)
        #expect(SudokuSolver.countSolutions(two, limit: 1) == 1)
        var one = full
        for i in [0, 5, 10, 15] { one[i] = 0 }
        #expect(SudokuSolver.countSolutions(one, limit: 10) == 1)
        #expect(SudokuSolver.firstSolution(one) == full)
        // Cell 3 needs the 4 its row lacks, which its column already holds: no completion.
        #expect(SudokuSolver.firstSolution([1, 2, 3, 0, 0, 0, 0, 4] + [Int](repeating: 0, count: 8)) == nil)
    }

    @Test func everyPuzzleHasExactlyOneSolutionAndItsCompletionScoresOne() {
        let items = task.testItems + (0..<256).map { task.trainingItem($0, seed: 3) }
        for item in items {
            guard case .sudoku(let p) = item else { Issue.record("not sudoku"); return }
            let puzzle = p.puzzle.map { Int(String($0))! }, solution = p.solution.map { Int(String($0))! }
            let blanks = puzzle.filter { $0 == 0 }.count
            #expect(blanks >= 1 && blanks <= task.blanks.upperBound)
            #expect(SudokuSolver.countSolutions(puzzle, limit: 2) == 1)
            #expect(SudokuSolver.allGrids.contains(solution))
            #expect(zip(puzzle, solution).allSatisfy { $0 == 0 || $0 == $1 })
            #expect(task.reward(item, completion: item.completion) == 1)
            #expect(task.reward(item, completion: task.completionText(task.example(for: item).completion)) == 1)
        }
        // The drawn blank counts spread over the range (removal stops early only when stuck).
        let counts = Set(
            task.testItems.map { item -> Int in
                guard case .sudoku(let p) = item else { return -1 }
                return p.puzzle.filter { $0 == "0" }.count
            })
        #expect(counts.count >= 5)
    }

    @Test func layoutAndCellAccuracy() {
        let item = task.testItems[0]
        let ex = task.example(for: item)
        #expect(ex.prompt.count == 16 && ex.completion.count == 20)
        #expect(task.tokenizer.decode(ex.prompt) == item.prompt)
        #expect(ex.completion.suffix(2) == [0, 0])
        guard case .sudoku(let p) = item else { Issue.record("not sudoku"); return }
        // Pooled cell accuracy: one perfect answer, one with no answer.
        let m = task.evaluate([item, item], completions: [item.completion, "nothing"])
        let empty = p.puzzle.filter { $0 == "0" }.count
        #expect(m.cellAccuracy == 0.5 && m.emptyCells == 2 * empty && m.successRate == 0.5 && m.meanReward == 0.5)
    }
}
