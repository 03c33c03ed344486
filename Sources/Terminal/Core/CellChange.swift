/// A cell that differs from the previous frame, with its position: what a backend writes.
public struct CellChange: Equatable, Sendable {
    public var x: Int32
    public var y: Int32
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) {
        self.x = Int32(x)
        self.y = Int32(y)
        self.cell = cell
    }
}

extension Buffer {
    /// Appends to `changes` every cell of `self` that differs from `previous` (same size assumed;
    /// a size change is a full redraw, handled by the `Renderer`). Continuation cells are skipped:
    /// writing the wide character before them repaints both columns.
    public func diff(from previous: Buffer, into changes: inout [CellChange]) {
        precondition(previous.width == width && previous.height == height, "diff needs equal sizes")
        let w = width
        cells.withUnsafeBufferPointer { now in
            previous.cells.withUnsafeBufferPointer { before in
                for i in 0..<now.count where now[i] != before[i] && !now[i].isContinuation {
                    changes.append(CellChange(x: i % w, y: i / w, cell: now[i]))
                }
            }
        }
    }
}
