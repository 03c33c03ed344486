/// What one frame cost and wrote.
public struct FrameStats: Sendable, Equatable {
    /// Cells sent to the backend (the diff's size).
    public var cellsWritten = 0
    public var renderNanos: UInt64 = 0
    public var diffNanos: UInt64 = 0
    /// Backend write + flush.
    public var flushNanos: UInt64 = 0
    public var totalNanos: UInt64 { renderNanos + diffNanos + flushNanos }
    public init() {}
}

/// Immediate-mode drawing with a double buffer (ratatui's `Terminal`): each frame the caller
/// draws everything into a blank buffer; only cells that differ from the previous frame reach the
/// backend.
public final class Renderer<B: Backend> {
    public let backend: B
    private var current: Buffer
    private var previous: Buffer
    private var changes: [CellChange] = []
    public private(set) var lastFrame = FrameStats()

    /// A cell no widget can produce: a previous frame full of it makes every cell differ.
    private static var unknownCell: Cell { Cell("\u{FFFF}", fg: Color(raw: 0xFF00_0000)) }

    public init(backend: B) {
        self.backend = backend
        current = Buffer(size: backend.size)
        previous = Buffer(width: backend.size.width, height: backend.size.height, fill: Self.unknownCell)
        changes.reserveCapacity(current.cells.count)
    }

    public var size: Size { current.size }

    /// Forgets what is on screen: the next frame writes every cell (after a resize, or when
    /// something else may have drawn on the terminal).
    public func invalidate() {
        previous = Buffer(width: current.width, height: current.height, fill: Self.unknownCell)
        backend.invalidate()
    }

    /// Renders one frame: `draw` fills a blank buffer, the diff goes to the backend, which flushes.
    @discardableResult
    public func draw(_ draw: (inout Buffer) -> Void) -> FrameStats {
        let size = backend.size
        if size != current.size {
            current = Buffer(size: size)
            invalidate()
        }
        var stats = FrameStats()
        let clock = ContinuousClock()
        let t0 = clock.now
        current.reset()
        draw(&current)
        let t1 = clock.now
        changes.removeAll(keepingCapacity: true)
        current.diff(from: previous, into: &changes)
        let t2 = clock.now
        changes.withUnsafeBufferPointer { backend.write($0) }
        backend.flush()
        let t3 = clock.now
        stats.cellsWritten = changes.count
        stats.renderNanos = (t1 - t0).nanoseconds
        stats.diffNanos = (t2 - t1).nanoseconds
        stats.flushNanos = (t3 - t2).nanoseconds
        swap(&current, &previous)
        if backend.takeRepaintRequest() { invalidate() }
        lastFrame = stats
        return stats
    }
}

extension Duration {
    /// Whole nanoseconds of a non-negative duration (frame timings).
    var nanoseconds: UInt64 {
        let c = components
        return UInt64(c.seconds) * 1_000_000_000 + UInt64(c.attoseconds / 1_000_000_000)
    }
}
