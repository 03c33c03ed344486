import Terminal
import Testing

@testable import Workbench

/// `/` in the help listing: matches highlighted, the focused one reversed and scrolled into
/// view on a screen too small for the whole list, `n`/`N` moving through them.
struct HelpSearchTests {
    static func press(_ state: inout WorkbenchState, _ keys: [Key]) {
        for k in keys { _ = WorkbenchReducer.reduce(&state, .key(k)) }
    }

    static func screen(_ state: WorkbenchState, _ w: Int, _ h: Int) -> Buffer {
        draw(width: w, height: h) { WorkbenchView(state: state).render(into: &$0) }
    }

    @Test func typingFindsTheKeysAndNMovesTheFocus() {
        var state = WorkbenchReducerTests.started().0
        Self.press(&state, [.char("?"), .char("/")] + "branch".unicodeScalars.map { .char($0) })
        #expect(state.showHelp && state.helpSearch == .init(query: "branch", typing: true, focus: 0))
        #expect(Self.screen(state, 120, 40).lines.contains { $0.contains("/branch▏") })
        Self.press(&state, [.enter])
        let found = HelpOverlay(keyMap: WorkbenchKeys.map, search: state.helpSearch).matches.count
        #expect(found == 4)  // branch here, next branch, pin … (branch), delete the viewed branch
        var lines = Self.screen(state, 120, 40).lines
        #expect(lines.contains { $0.contains("/branch · 1/4 · n next") })
        Self.press(&state, [.char("n"), .char("n"), .char("n"), .char("n"), .char("N")])
        #expect(state.helpSearch?.focus == 3)
        let screen = Self.screen(state, 120, 40)
        lines = screen.lines
        let y = lines.firstIndex { $0.contains("delete the viewed branch") }!
        let x = lines[y].distance(from: lines[y].startIndex, to: lines[y].range(of: "delete")!.lowerBound)
        #expect(screen[x, y].attrs.contains(.reverse))
        // A key that is not part of the search closes help, search and all.
        Self.press(&state, [.escape])
        #expect(!state.showHelp && state.helpSearch == nil)
    }

    @Test func theFocusedMatchScrollsIntoViewOnASmallScreen() {
        var state = WorkbenchReducerTests.started().0
        Self.press(&state, [.char("?")])
        #expect(!Self.screen(state, 80, 24).lines.contains { $0.contains("Ctrl-C") })
        Self.press(&state, [.char("/")] + "ctrl".unicodeScalars.map { .char($0) } + [.enter])
        #expect(Self.screen(state, 80, 24).lines.contains { $0.contains("Ctrl-C") && $0.contains("quit") })
        Self.press(&state, [.char("/")] + "zzz".unicodeScalars.map { .char($0) } + [.enter])
        #expect(Self.screen(state, 80, 24).lines.contains { $0.contains("/zzz: no match") })
        Self.press(&state, [.char("/"), .backspace])
        #expect(state.showHelp && state.helpSearch == nil)
    }
}
