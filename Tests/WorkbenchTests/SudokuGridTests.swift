import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The Sudoku grid on the Tokens tab: cells from a hand-made row (givens, filled, masked, wrong),
/// drawn, and on the bundled Sudoku models (scripted logits) at the three window sizes.
@Suite(.serialized)
struct SudokuGridTests {
    /// The bundled models' tokenizers and settings with scripted logits (`SudokuScript`): the base
    /// answers with one slipped cell.
    static let model = ScriptedNetworks.sudoku(try! LoadedModel(path: demoPath("sudoku4")), name: "sudoku4", slip: false)
    static let base = ScriptedNetworks.sudoku(
        try! LoadedModel(path: demoPath("sudoku4-base")), name: "sudoku4-base", slip: true)

    /// The id whose label is `text`.
    static func id(_ text: String) -> Int32 {
        Int32((0..<Int(model.maskId)).first { model.label(Int32($0)) == text }!)
    }

    /// Puzzle 4000 2301 3214 0420 (solution 4132 2341 3214 1423); the answer so far writes
    /// cell 1 wrong (2), leaves cells 2–3 masked and overwrites the given at cell 4 (3 for 2).
    static func row() -> [Int32] {
        let m = model.maskId
        let digits = { (s: String) in s.map { id(String($0)) } }
        return digits("4000230132140420") + [id("<answer>")] + digits("42") + [m, m] + digits("3341321414")
            + digits("23") + [id("</answer>"), m, m]
    }

    @Test func cellsAreGivenFilledMaskedOrWrong() throws {
        let grid = try #require(
            SudokuGrid.make(tokens: Self.row(), model: Self.model, promptLength: 16, solution: "4132234132141423"))
        #expect(grid.cells.map(\.text).joined() == "42░░234132141423")
        #expect(grid.cells[0] == .init(text: "4", kind: .given, wrong: false))
        #expect(grid.cells[1] == .init(text: "2", kind: .filled, wrong: true))
        #expect(grid.cells[2] == .init(text: "░", kind: .masked, wrong: false))
        #expect(grid.cells[4] == .init(text: "2", kind: .given, wrong: true))
        #expect(grid.cells[6] == .init(text: "4", kind: .filled, wrong: false))
        #expect(grid.cells.filter(\.wrong).count == 2)
        // Without the solution only the overwritten given is known to be wrong.
        let unknown = try #require(SudokuGrid.make(tokens: Self.row(), model: Self.model, promptLength: 16, solution: nil))
        #expect(unknown.cells.filter(\.wrong).map(\.kind) == [.given])
        #expect(SudokuGrid.make(tokens: Array(Self.row().prefix(20)), model: Self.model, promptLength: 16, solution: nil) == nil)
    }

    @Test func theGridDrawsBoxesAndMarks() throws {
        let grid = try #require(
            SudokuGrid.make(tokens: Self.row(), model: Self.model, promptLength: 16, solution: "4132234132141423"))
        let screen = draw(width: 9, height: 5) {
            SudokuGridPane(grid: grid, theme: .default).render(in: Rect(x: 0, y: 0, width: 9, height: 5), buffer: &$0)
        }
        #expect(screen.lines == ["4 2✗│░ ░ ", "2✗3 │4 1 ", "────┼────", "3 2 │1 4 ", "1 4 │2 3 "])
        #expect(screen[0, 0].attrs.contains(.underline))
        #expect(screen[2, 0].attrs.contains(.bold))
        let compact = draw(width: 9, height: 4) {
            SudokuGridPane(grid: grid, theme: .default).render(in: Rect(x: 0, y: 0, width: 9, height: 4), buffer: &$0)
        }
        #expect(compact.lines[2] == "3 2 │1 4 ")
    }

    /// A puzzle typed with `:prompt` is scored like a held-out one: it once read as the item
    /// number its 16 digits spell ("a held-out item number 0…255").
    @Test func aTypedPuzzleIsAPromptNotAnItemNumber() throws {
        var app = WorkbenchAppTests.app(Self.base)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        guard case .sudoku(let held)? = app.state.model.task?.testItems[5] else {
            Issue.record("not sudoku")
            return
        }
        app.execute("prompt \(held.puzzle)")
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        #expect(!app.state.noticeIsError, "\(app.state.notice ?? "")")
        #expect(app.state.promptText == held.puzzle && app.state.taskItem == app.state.model.task?.testItems[5])
        // Sixteen digits that are no puzzle with one answer: a prompt of one's own, not scored.
        app.execute("prompt 1200004000210003")
        #expect(!app.state.noticeIsError && app.state.promptText == "1200004000210003" && app.state.taskItem == nil)
    }

    /// The bundled models mid-decoding and finished: the grid beside the token row at every
    /// size, the base model's wrong cell marked, no value cut by the grid.
    @Test(arguments: ["sudoku4", "sudoku4-base"])
    func bundledModelsAtEverySize(_ name: String) {
        var app = WorkbenchAppTests.app(name == "sudoku4" ? Self.model : Self.base)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        if name == "sudoku4" {
            _ = app.handle(.key(.home))
            for _ in 0..<12 { _ = app.handle(.key(.right)) }
        }
        for size in LayoutSnapshotTests.sizes {
            _ = app.handle(.resize(size))
            var pinned = app
            pinned.state.branches[0].seconds = 0.25
            let screen = draw(width: size.width, height: size.height) { pinned.renderFrame(into: &$0) }
            #expect(screen.lines.contains { $0.contains("────┼────") }, "\(name) at \(size): no grid")
            #expect(!screen.lines.contains { $0.contains("reward") && $0.contains("…") }, "\(name) at \(size): outcome cut")
            #expect(screen.lines.contains { $0.contains("✗") } == (name == "sudoku4-base"))
            expectSnapshot(screen, named: "Layout-tokens-\(name)-\(size.width)x\(size.height)")
        }
    }
}
