import Foundation
import Terminal
import Testing

@testable import Workbench

/// At 80×24 the token panels get the rows their tokens need (the blank line goes first, then
/// the schedule editor gives rows down to its minimum), and a click lands on a wrapped token.
@Suite(.serialized)
struct SmallScreenTests {
    static let small = Size(width: 80, height: 24)

    @Test func theTokensTabWrapsEveryTokenAndAClickLandsOnTheSecondLine() throws {
        var app = WorkbenchAppTests.app()
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.resize(Self.small))
        let state = app.state
        let layout = state.layout(in: Rect(size: Self.small))
        let view = state.tokenRowView(of: state.branch, step: state.timeline.step)
        let tokens = WorkbenchLayout.trajectoryText(
            in: layout.tokens.trajectory, hasPrompt: true, tokenRows: view.rows(width:)
        ).tokens
        #expect(view.rows(width: tokens.width) == 2, "the finished countdown row takes two lines at 78 columns")
        let flow = TokenFlow.layout(
            labels: view.labels, joins: view.joinsTokens, blockStarts: view.blockStarts, width: tokens.width,
            height: tokens.height)
        #expect(flow.allSatisfy { $0 != nil }, "every token has a place")
        let p = try #require(flow.indices.last { flow[$0]?.y == 1 })
        let cell = try #require(flow[p])
        _ = app.handle(.mouse(MouseEvent(.press(.left), x: tokens.x + cell.x, y: tokens.y + cell.y)))
        #expect(app.state.timeline.cursor == p)
    }

    @Test func theScheduleEditorGivesRowsToCompareDownToItsMinimum() {
        var app = WorkbenchAppTests.app()
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.key(.char("3")))
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.resize(Self.small))
        let layout = app.state.layout(in: Rect(size: Self.small))
        #expect(layout.mainAndSchedule.schedule.height == WorkbenchLayout.minimumScheduleRows)
        #expect(layout.compare.a.height >= app.state.mainRows(width: layout.body.width) - WorkbenchLayout.compareFooterRows)
        // On a tab that needs nothing the editor keeps its rows.
        _ = app.handle(.key(.char("6")))
        let models = app.state.layout(in: Rect(size: Self.small))
        #expect(models.mainAndSchedule.schedule.height == min(12, models.body.height / 3))
    }

    /// In a narrow pane the step line drops its least useful facts (t first) rather than cut
    /// the NFE off mid-word: at 120×40 with six blocks it once read "… block 6/6 · NFE ".
    @Test func aNarrowStepLineDropsFactsWholeNotMidWord() throws {
        var app = WorkbenchAppTests.app()
        defer { app.shutdown() }
        _ = app.execute("set block 3")
        _ = app.perform(.tab(.compare))
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        let lines = WorkbenchAppTests.screen(app).lines
        let a = try #require(lines.first { $0.contains("block 6/6") }, "\(lines.joined(separator: "\n"))")
        #expect(a.contains("step 15/15 · block 6/6 · NFE 15 "), "\(a)")
        #expect(lines.contains { $0.contains("step 4/4 · t 0.00 · NFE 4 ") }, "B fits whole")
    }

    /// At 80×24 the editor shows four knobs of the image model's eleven: moving past them once
    /// left the marker off screen, so `+` changed a knob nobody could see. The list scrolls to the
    /// selection, says how many are hidden, and a click picks the knob drawn where it lands.
    @Test func theScheduleEditorScrollsToTheSelectedKnob() throws {
        var app = WorkbenchAppTests.app(WorkbenchAppTests.glyphs)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.resize(Self.small))
        let schedule = app.state.layout(in: Rect(size: Self.small)).mainAndSchedule.schedule
        let rows = schedule.height - 2
        let knobs = app.state.visibleKnobs
        try #require(knobs.count > rows + 1, "the test needs hidden knobs: \(knobs.count) in \(rows) rows")
        for _ in 0..<rows { _ = app.handle(.key(.down)) }  // to the first knob below the panel
        let selected = app.state.selectedKnob
        #expect(selected == rows)
        let lines = draw(width: Self.small.width, height: Self.small.height) { app.renderFrame(into: &$0) }.lines.map(Array.init)
        let inside = (schedule.y + 1..<schedule.y + 1 + rows).map { String(lines[$0][schedule.x..<schedule.right]) }
        #expect(inside.contains { $0.contains("▸ \(knobs[selected].rawValue)") }, "\(inside.joined(separator: "\n"))")
        #expect(inside.first?.contains("↑1") == true && inside.last?.contains("↓\(knobs.count - rows - 1)") == true)
        // The top row now holds knob 1.
        _ = app.handle(.mouse(MouseEvent(.press(.left), x: schedule.x + 3, y: schedule.y + 1)))
        #expect(app.state.selectedKnob == 1)
    }
}
