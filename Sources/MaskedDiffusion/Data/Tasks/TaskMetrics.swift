/// Test-set scores of a task (docs/methods.md §4.9): exact success rate, mean reward, and for Sudoku
/// the cell accuracy Σ correct empty cells / Σ empty cells (pooled over puzzles, not averaged).
public struct TaskMetrics: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var successes = 0
    public private(set) var rewardSum = 0.0
    public private(set) var correctCells = 0
    public private(set) var emptyCells = 0

    public var successRate: Double { count == 0 ? 0 : Double(successes) / Double(count) }
    public var meanReward: Double { count == 0 ? 0 : rewardSum / Double(count) }
    /// `nil` for tasks without cells.
    public var cellAccuracy: Double? { emptyCells == 0 ? nil : Double(correctCells) / Double(emptyCells) }

    mutating func add(reward: Double, success: Bool) {
        count += 1
        rewardSum += reward
        if success { successes += 1 }
    }

    mutating func addCells(correct: Int, empty: Int) {
        correctCells += correct
        emptyCells += empty
    }
}
