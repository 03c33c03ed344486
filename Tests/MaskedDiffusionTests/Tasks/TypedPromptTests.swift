import Testing

@testable import MaskedDiffusion

/// A prompt typed in a task's own format is the item it states (`ReasoningTask.item(parsing:)`),
/// so `unmask sample --prompt` and the workbench score it as they score a held-out one; anything
/// else is no item (and so not scored), never a trap.
struct TypedPromptTests {
    static let tasks: [any ReasoningTask] = [CountdownTask(), SudokuTask(), ArithmeticTask()]

    @Test(arguments: tasks.map(\.name))
    func everyHeldOutPromptParsesToItsItem(name: String) throws {
        let task = try #require(Self.tasks.first { $0.name == name })
        for item in task.testItems { #expect(task.item(parsing: item.prompt) == item, "\(item.prompt)") }
    }

    @Test func countdownReadsItsFormatOnly() throws {
        let task = CountdownTask()
        let typed = try #require(task.item(parsing: "25 3 7=82"))
        #expect(task.isSuccess(typed, completion: "<answer>25+7*3</answer>") == false)
        #expect(task.isSuccess(typed, completion: "<answer>25*3+7</answer>"))
        // Unreachable: no solution to show, but the reward still reads the answer.
        #expect(try #require(task.item(parsing: "1 1 1=97")).prompt == "1 1 1=97")
        for bad in ["", "25 3 7", "25 3=46", "25 3 7 9=46", "05 3 7=46", "25  3 7=46", "25 3 7=460", "0 3 7=46", "a 3 7=4"] {
            #expect(task.item(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func sudokuNeedsOneSolution() throws {
        let task = SudokuTask()
        let held = task.testItems[0]
        guard case .sudoku(let p) = held else { Issue.record("not sudoku"); return }
        #expect(task.item(parsing: p.puzzle) == held)
        #expect(task.item(parsing: String(repeating: "0", count: 16)) == nil)  // 288 solutions
        #expect(task.item(parsing: "1100" + String(repeating: "0", count: 12)) == nil)  // none
        #expect(task.item(parsing: String(p.puzzle.dropLast())) == nil)
        #expect(task.item(parsing: String(p.puzzle.dropLast()) + "5") == nil)
        #expect(task.item(parsing: "١" + String(p.puzzle.dropFirst())) == nil)  // a digit, not ASCII
        #expect(task.item(parsing: "2234341221434320") == nil)  // two 2s in the first row
        #expect(task.item(parsing: p.solution) == nil)  // nothing to solve
    }

    @Test func arithmeticReadsTheTasksOperation() throws {
        let task = ArithmeticTask()
        #expect(task.item(parsing: "123+456=") == .arithmetic(ArithmeticProblem(lhs: 123, rhs: 456, operation: .add)))
        for bad in ["123+456", "123-456=", "1234+5=", "+12+3=", "-1+2=", "12+=", "12+3+4="] {
            #expect(task.item(parsing: bad) == nil, "\(bad)")
        }
    }
}
