/// Backtracking over 4×4 Sudoku grids: 16 cells row-major, `0` = empty, digits 1…4, each
/// row, column and 2×2 box holding each digit once.
public enum SudokuSolver {
    /// All 288 complete 4×4 grids, in search order.
    public static let allGrids: [[Int]] = {
        var grids: [[Int]] = []
        var grid = [Int](repeating: 0, count: 16)
        enumerate(&grid, limit: .max) { grids.append($0) }
        return grids
    }()

    /// Number of completions of `grid`, counting stops at `limit` (2 decides uniqueness).
    public static func countSolutions(_ grid: [Int], limit: Int = 2) -> Int {
        var grid = grid, count = 0
        enumerate(&grid, limit: limit) { _ in count += 1 }
        return count
    }

    /// The first completion of `grid` in search order; nil if it has none.
    public static func firstSolution(_ grid: [Int]) -> [Int]? {
        var grid = grid, solution: [Int]?
        enumerate(&grid, limit: 1) { solution = $0 }
        return solution
    }

    /// Whether `digit` may go in cell `index` given the other cells.
    public static func allows(_ grid: [Int], _ index: Int, _ digit: Int) -> Bool {
        let r = index / 4, c = index % 4, br = r / 2 * 2, bc = c / 2 * 2
        for k in 0..<4 {
            if grid[r * 4 + k] == digit && r * 4 + k != index { return false }
            if grid[k * 4 + c] == digit && k * 4 + c != index { return false }
            let b = (br + k / 2) * 4 + bc + k % 2
            if grid[b] == digit && b != index { return false }
        }
        return true
    }

    /// Calls `found` with each completion (first empty cell first, digits ascending) until
    /// `limit` completions; returns how many were found.
    @discardableResult
    private static func enumerate(_ grid: inout [Int], limit: Int, found: ([Int]) -> Void) -> Int {
        guard let cell = grid.firstIndex(of: 0) else { found(grid); return 1 }
        var count = 0
        for digit in 1...4 where allows(grid, cell, digit) {
            grid[cell] = digit
            count += enumerate(&grid, limit: limit - count, found: found)
            grid[cell] = 0
            if count >= limit { break }
        }
        return count
    }
}
