import Foundation
import Terminal
import Testing

@testable import Workbench

/// A notice too long for the status line (an error naming a path) goes on over the key hints
/// instead of being cut, and the hints return when it clears.
@Suite(.serialized)
struct StatusNoticeTests {
    @Test func aNoticeThatFitsStaysOnOneLine() {
        let lines = WorkbenchView.noticeLines("seed set to 3", first: 40, second: 80)
        #expect(lines.first == "seed set to 3" && lines.rest == nil)
    }

    @Test func aLongerNoticeBreaksAtASpaceNearTheEndAndLosesNothing() {
        let notice = "export: cannot write the file: No such file or directory"
        let lines = WorkbenchView.noticeLines(notice, first: 32, second: 80)
        #expect(lines.first == "export: cannot write the file:")
        #expect(lines.first + " " + (lines.rest ?? "") == notice)
    }

    /// A space early in the line would leave most of it empty: a long path fills it instead.
    @Test func aLongPathFillsTheLineWithoutLosingACharacter() {
        let notice = "export failed: /" + String(repeating: "abcdefgh/", count: 6) + "x.jsonl"
        let lines = WorkbenchView.noticeLines(notice, first: 30, second: 80)
        #expect(lines.first.count == 30 && lines.first + (lines.rest ?? "") == notice)
    }

    @Test func aNoticeLongerThanBothRowsEndsInAnEllipsis() throws {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let lines = WorkbenchView.noticeLines(words, first: 20, second: 30)
        let rest = try #require(lines.rest)
        #expect(rest.hasSuffix("…") && rest.count <= 30)
        #expect(words.hasPrefix(lines.first + " " + rest.dropLast()))
    }

    /// Columns, not characters: wide glyphs take two, and nothing is lost at the cut.
    @Test func wideGlyphsCountTwoColumns() {
        let notice = String(repeating: "漢", count: 20)
        let lines = WorkbenchView.noticeLines(notice, first: 21, second: 80)
        #expect(lines.first.terminalWidth == 20 && lines.first + (lines.rest ?? "") == notice)
    }

    /// No room on the status line: the whole notice goes to the hints row.
    @Test func noRoomOnTheStatusLineMovesEverythingDown() {
        let lines = WorkbenchView.noticeLines("seed set to 3", first: 0, second: 80)
        #expect(lines.first == "" && lines.rest == "seed set to 3")
    }

    /// The real app at 80 × 24: a failed export's error shows its whole path, over the hints.
    @Test func theWholePathIsOnScreenAndTheHintsComeBack() throws {
        var app = WorkbenchAppTests.app()
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.resize(Size(width: 80, height: 24)))
        let path = "/no/such/folder/for/an/export/with/a/rather/long/name/trajectory.jsonl"
        _ = app.execute("export trajectory " + path)
        let notice = try #require(app.state.notice)
        #expect(app.state.noticeIsError && notice.contains(path) && notice.count > 58, "\(notice)")
        func screen() -> [String] { draw(width: 80, height: 24) { WorkbenchView(state: app.state).render(into: &$0) }.lines }
        let bottom = screen().suffix(2)
        #expect(bottom.first!.hasSuffix("ready"))
        let shown = String(bottom.first!.prefix(58)) + bottom.last!
        #expect(shown.contains(path), "\(bottom)")
        #expect(!bottom.last!.contains("play / pause"))
        app.state.notice = nil
        #expect(screen().last?.contains("play / pause") == true, "the key hints are back")
    }
}
