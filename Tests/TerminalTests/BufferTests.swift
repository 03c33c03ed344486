import Testing

@testable import Terminal

struct BufferTests {
    @Test func setStringClipsAtLimitAndEdge() {
        var b = Buffer(width: 6, height: 2)
        let end = b.setString(1, 0, "abcdefgh")
        #expect(end == 6)
        b.setString(0, 1, "xyz", limit: 2)
        #expect(b.lines == [" abcde", "xy    "])
        b.setString(-2, 1, "1234")  // starts off-screen
        #expect(b.lines[1] == "34    ")
        b.setString(0, 5, "offscreen")
        #expect(b.lines == [" abcde", "34    "])
    }

    @Test func stylesPatchInsteadOfReplacing() {
        var b = Buffer(width: 3, height: 1)
        b.setStyle(b.area, Style(fg: .red, bg: .blue, add: .bold))
        b.setString(0, 0, "a", style: Style(fg: .green))
        #expect(b[0, 0] == Cell("a", fg: .green, bg: .blue, attrs: .bold))
        b.setString(1, 0, "b", style: Style().removing(.bold))
        #expect(b[1, 0].attrs == [])
        #expect(b[1, 0].bg == .blue)
    }

    @Test func wideCharactersTakeTwoCellsAndNeverLeaveHalves() {
        var b = Buffer(width: 5, height: 1)
        b.setString(0, 0, "日本x")
        #expect(b[1, 0].isContinuation)
        #expect(b.lines == ["日本x"])
        b.set(1, 0, "a")  // overwriting the right half blanks the left half
        #expect(b[0, 0].scalar == " ")
        #expect(b.lines == [" a本x"])
        b.set(4, 0, "日")  // no room for the second half at the edge
        #expect(b[4, 0].scalar == " ")
        #expect(Unicode.Scalar("⣿").terminalWidth == 1)
        #expect(Unicode.Scalar("▀").terminalWidth == 1)
        #expect("e\u{301}".terminalWidth == 1)
    }

    @Test func diffListsOnlyChangedCells() {
        var a = Buffer(width: 10, height: 3)
        var b = a
        b.setString(2, 1, "hi")
        b.setStyle(7, 2, Style(fg: .red))
        var changes: [CellChange] = []
        b.diff(from: a, into: &changes)
        #expect(changes.map { [$0.x, $0.y] } == [[2, 1], [3, 1], [7, 2]])
        #expect(changes[0].cell.scalar == "h")
        a = b
        changes.removeAll()
        b.diff(from: a, into: &changes)
        #expect(changes.isEmpty)
    }

    @Test func diffSkipsContinuationCells() {
        let a = Buffer(width: 4, height: 1)
        var b = a
        b.setString(0, 0, "日")
        var changes: [CellChange] = []
        b.diff(from: a, into: &changes)
        #expect(changes.count == 1)
        let backend = TestBackend(width: 4, height: 1)
        changes.withUnsafeBufferPointer { backend.write($0) }
        #expect(backend.lines == ["日  "])
    }
}

struct RendererTests {
    @Test func firstFrameWritesEverythingThenOnlyChanges() {
        let backend = TestBackend(width: 20, height: 5)
        let r = Renderer(backend: backend)
        var text = "hello"
        let draw: (inout Buffer) -> Void = { $0.setString(1, 1, text) }
        let first = r.draw(draw)
        #expect(first.cellsWritten == 100)
        #expect(r.draw(draw).cellsWritten == 0)
        text = "hallo"
        #expect(r.draw(draw).cellsWritten == 1)
        #expect(backend.lines[1] == " hallo              ")
        #expect(backend.flushCount == 3)
    }

    @Test func resizeRepaintsEveryCellOfTheNewSize() {
        let backend = TestBackend(width: 10, height: 4)
        let r = Renderer(backend: backend)
        r.draw { $0.setString(0, 0, "x") }
        backend.resize(width: 6, height: 3)
        let stats = r.draw { $0.setString(0, 0, "x") }
        #expect(stats.cellsWritten == 18)
        #expect(r.size == Size(width: 6, height: 3))
        #expect(backend.invalidateCount >= 1)
    }

    @Test func invalidateForcesAFullFrame() {
        let backend = TestBackend(width: 8, height: 2)
        let r = Renderer(backend: backend)
        r.draw { _ in }
        r.invalidate()
        #expect(r.draw { _ in }.cellsWritten == 16)
    }
}

struct LayoutTests {
    let area = Rect(x: 0, y: 0, width: 100, height: 10)

    @Test func fixedPercentAndFillTileTheArea() {
        let parts = area.split(.horizontal, [.length(10), .percentage(30), .fill(1), .fill(3)])
        #expect(parts.map(\.width) == [10, 30, 15, 45])
        #expect(parts.map(\.x) == [0, 10, 40, 55])
        #expect(parts.last!.right == 100)
    }

    @Test func minGrowsAndRatioIsExact() {
        let parts = area.split(.vertical, [.min(2), .ratio(1, 2)])
        #expect(parts.map(\.height) == [5, 5])
        #expect(parts[1].y == 5)
    }

    @Test func constraintsLargerThanTheAreaAreCut() {
        let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.length(8), .length(8), .fill(1)])
        #expect(parts.map(\.width) == [8, 2, 0])
    }

    @Test func rectHelpers() {
        #expect(area.inset(by: 1) == Rect(x: 1, y: 1, width: 98, height: 8))
        #expect(area.centered(width: 20, height: 4) == Rect(x: 40, y: 3, width: 20, height: 4))
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).inset(by: 3).isEmpty)
        #expect(area.intersection(Rect(x: 90, y: 5, width: 20, height: 20)) == Rect(x: 90, y: 5, width: 10, height: 5))
    }
}
