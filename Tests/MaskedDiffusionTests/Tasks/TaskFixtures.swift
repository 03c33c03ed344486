@testable import MaskedDiffusion

/// Tasks built once for all task tests (building one generates its test set).
enum TaskFixtures {
    static let countdown = CountdownTask()
    static let sudoku = SudokuTask()
    static let arithmetic = ArithmeticTask()
    static let all: [any ReasoningTask] = [countdown, sudoku, arithmetic]
}
