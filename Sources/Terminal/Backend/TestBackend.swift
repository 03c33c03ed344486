/// An in-memory screen for tests: applies writes to its own `Buffer` and counts them, so a test
/// can check both what the user would see and that only changed cells were written.
public final class TestBackend: Backend {
    public private(set) var screen: Buffer
    /// Cells written by the last `write` batch and in total.
    public private(set) var lastWriteCount = 0
    public private(set) var totalWriteCount = 0
    public private(set) var flushCount = 0
    public private(set) var invalidateCount = 0

    public init(width: Int, height: Int) { screen = Buffer(width: width, height: height) }

    public var size: Size { screen.size }

    /// A terminal resize: the screen keeps what fits, as terminals do before the app repaints.
    public func resize(width: Int, height: Int) {
        var next = Buffer(width: width, height: height)
        for y in 0..<min(height, screen.height) {
            for x in 0..<min(width, screen.width) { next[x, y] = screen[x, y] }
        }
        screen = next
    }

    public func write(_ changes: UnsafeBufferPointer<CellChange>) {
        for c in changes {
            let x = Int(c.x), y = Int(c.y)
            guard screen.contains(x: x, y: y) else { continue }
            screen[x, y] = c.cell
            if c.cell.scalar.terminalWidth == 2, x + 1 < screen.width {
                screen[x + 1, y] = Cell(Cell.continuationScalar, fg: c.cell.fg, bg: c.cell.bg, attrs: c.cell.attrs)
            }
        }
        lastWriteCount = changes.count
        totalWriteCount += changes.count
    }

    public func flush() { flushCount += 1 }
    public func invalidate() { invalidateCount += 1 }
    public func takeRepaintRequest() -> Bool { false }

    /// The visible glyphs, one string per row.
    public var lines: [String] { screen.lines }
}
