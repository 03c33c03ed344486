import Testing

@testable import Terminal

/// Every widget rendered into a small buffer and compared glyph by glyph, with styles checked
/// at chosen cells.
struct WidgetSnapshotTests {
    @Test func blockWithTitles() {
        let block = Block(
            title: "Runs", rightTitle: "3/9", borders: .rounded,
            borderStyle: Style(fg: .blue), titleStyle: Style(fg: .yellow, add: .bold))
        let b = rendered(block, width: 20, height: 4)
        expectSnapshot(
            b,
            [
                "╭─ Runs ───── 3/9 ─╮",
                "│                  │",
                "│                  │",
                "╰──────────────────╯"
            ])
        #expect(b[0, 0].fg == .blue)
        #expect(b[3, 0].fg == .yellow && b[3, 0].attrs == .bold)
        #expect(block.inner(b.area) == Rect(x: 1, y: 1, width: 18, height: 2))
    }

    @Test func paragraphWrapsAtWordsAndKeepsSpanStyles() {
        let p = Paragraph([
            Line([Span("The quick ", style: Style(fg: .red)), Span("brown fox jumps", style: Style(fg: .green))]),
            Line("centred", alignment: .center),
            Line("supercalifragilistic")
        ])
        let b = rendered(p, width: 10, height: 6)
        expectSnapshot(
            b,
            [
                "The quick ",
                "brown fox ",
                "jumps     ",
                " centred  ",
                "supercalif",
                "ragilistic"
            ])
        #expect(b[0, 0].fg == .red)
        #expect(b[0, 1].fg == .green)
        let scrolled = rendered(Paragraph(p.lines, scroll: 2), width: 10, height: 2)
        expectSnapshot(scrolled, ["jumps     ", " centred  "])
    }

    @Test func tableScrollsTheSelectionIntoView() {
        let rows: [[Span]] = (1...6).map { [Span("run-\($0)"), Span("\($0 * 10)")] }
        let t = Table(
            header: ["name", "steps"], rows: rows, widths: [.fill(1), .length(5)],
            headerStyle: Style(add: .bold), selected: 4, highlightStyle: Style(add: .reverse))
        let b = rendered(t, width: 16, height: 4)
        expectSnapshot(
            b,
            [
                "  name     steps",
                "  run-3    30   ",
                "  run-4    40   ",
                "▸ run-5    50   "
            ])
        #expect(b[3, 0].attrs == .bold)
        #expect(b[5, 3].attrs == .reverse && b[15, 3].attrs == .reverse)
        #expect(b[5, 2].attrs == [])
        #expect(t.firstVisibleRow(visibleRows: 3) == 2)
    }

    @Test func tabsHighlightAndHitTest() {
        let tabs = Tabs(["One", "Two", "Three"], selected: 1, highlightStyle: Style(add: .reverse))
        let b = rendered(tabs, width: 22, height: 1)
        expectSnapshot(b, [" One │ Two │ Three    "])
        #expect(b[7, 0].attrs == .reverse)
        #expect(b[1, 0].attrs == [])
        let area = b.area
        #expect(tabs.hitTest(x: 2, y: 0, in: area) == 0)
        #expect(tabs.hitTest(x: 8, y: 0, in: area) == 1)
        #expect(tabs.hitTest(x: 5, y: 0, in: area) == nil)  // the divider
        #expect(tabs.hitTest(x: 14, y: 0, in: area) == 2)
        #expect(tabs.hitTest(x: 2, y: 1, in: area) == nil)
    }

    @Test func gaugeUsesEighthsAndReversesTheLabelOverTheFill() {
        let g = Gauge(ratio: 0.55, filledStyle: Style(fg: .green), trackStyle: Style(fg: .brightBlack))
        let b = rendered(g, width: 10, height: 1)
        expectSnapshot(b, ["███55%────"])  // 5½ cells filled; the label replaces glyphs
        #expect(b[0, 0].fg == .green)
        #expect(b[4, 0].attrs == .reverse)  // '5' over the filled part
        #expect(b[5, 0].attrs == [])  // '%' on the partial cell is not over the fill
        #expect(b[9, 0].fg == .brightBlack)
        expectSnapshot(rendered(Gauge(ratio: 0.33, label: ""), width: 4, height: 1), ["█▍──"])
        #expect(Gauge(ratio: .nan).ratio == 0)
        #expect(Gauge(ratio: 3).percentText == "100%")
    }

    @Test func sparklineScalesToEighthsAndStacksRows() {
        expectSnapshot(rendered(Sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8], maximum: 8), width: 9, height: 1), [" ▁▂▃▄▅▆▇█"])
        expectSnapshot(
            rendered(Sparkline([2, 8, 16, 0]), width: 4, height: 2),
            [
                "  █ ",
                "▂██ "
            ])
        // Only the most recent values that fit are shown.
        expectSnapshot(rendered(Sparkline([8, 8, 8, 0, 4], maximum: 8), width: 2, height: 1), [" ▄"])
    }

    @Test func halfBlockImageTakesTwoPixelsPerCell() {
        let red = Color.rgb(255, 0, 0), blue = Color.rgb(0, 0, 255)
        let img = HalfBlockImage(.color(width: 2, height: 4, [red, blue, blue, red, red, red, blue, blue]), maxScale: 1)
        let b = rendered(img, width: 4, height: 3)
        expectSnapshot(b, ["▀▀  ", "▀▀  ", "    "])
        #expect(b[0, 0].fg == red && b[0, 0].bg == blue)
        #expect(b[1, 0].fg == blue && b[1, 0].bg == red)
        #expect(b[0, 1].fg == red && b[0, 1].bg == blue)
        #expect(img.displaySize(in: b.area) == Size(width: 2, height: 2))
    }

    @Test func grayImageUsesTheGradientOrShades() {
        let pixels = HalfBlockImage.Pixels.gray(width: 2, height: 2, [0, 1, 0, 1])
        let g = Gradient([.rgb(0, 0, 0), .rgb(255, 255, 255)])
        let colour = rendered(HalfBlockImage(pixels, gradient: g, maxScale: 1), width: 2, height: 1)
        #expect(colour[1, 0].fg == .rgb(255, 255, 255) && colour[0, 0].bg == .rgb(0, 0, 0))
        let shades = rendered(HalfBlockImage(pixels, mode: .shades, maxScale: 1), width: 2, height: 1)
        expectSnapshot(shades, [" █"])
        // Scaled up to fill the area (aspect kept: 2 px wide, 2 px tall → 4 cells × 2 rows).
        expectSnapshot(rendered(HalfBlockImage(pixels, mode: .shades), width: 4, height: 3), ["  ██", "  ██", "    "])
    }

    @Test func keyHintBarCutsAtTheLastEntryThatFits() {
        let bar = KeyHintBar(
            hints: [
                KeyMapEntry(keys: "q", help: "quit"), KeyMapEntry(keys: "?", help: "help"),
                KeyMapEntry(keys: "Tab", help: "next pane")
            ],
            keyStyle: Style(fg: .yellow))
        let b = rendered(bar, width: 20, height: 1)
        expectSnapshot(b, [" q quit · ? help    "])
        #expect(b[1, 0].fg == .yellow && b[3, 0].fg == .default)
    }

    @Test func statusBarAlignsBothSides() {
        let bar = StatusBar(left: Line("ready"), right: Line("nord · 256"), style: Style(add: .reverse))
        let b = rendered(bar, width: 24, height: 1)
        expectSnapshot(b, [" ready       nord · 256 "])
        #expect(b[0, 0].attrs == .reverse && b[23, 0].attrs == .reverse)
    }

    @Test func tooSmallScreenSaysWhatIsNeeded() {
        let b = rendered(TooSmallScreen(needed: Size(width: 80, height: 24)), width: 30, height: 5)
        expectSnapshot(
            b,
            [
                "                              ",
                "      Terminal too small      ",
                "    need 80×24, have 30×5     ",
                "                              ",
                "                              "
            ])
        #expect(b[21, 2].fg == .red && b[24, 2].fg == .red)  // both dimensions too small
        let wideEnough = rendered(TooSmallScreen(needed: Size(width: 20, height: 24)), width: 30, height: 5)
        #expect(wideEnough[21, 2].fg == .green && wideEnough[24, 2].fg == .red)  // the width that is too small

        // Narrow windows: each line shortens on its own; the size is said once (at 12×4 it was twice).
        #expect(
            rendered(TooSmallScreen(needed: Size(width: 80, height: 24)), width: 12, height: 4).lines == [
                "            ", " too small  ", " need 80×24 ", "            "
            ])
        #expect(
            rendered(TooSmallScreen(needed: Size(width: 80, height: 24)), width: 6, height: 3).lines == [
                "      ", "80×24 ", "      "
            ])
        // Narrower than even the size: its numbers clipped, not a blank screen.
        #expect(rendered(TooSmallScreen(needed: Size(width: 80, height: 24)), width: 3, height: 1).lines == ["80×"])
    }

    @Test func helpOverlayIsGeneratedFromTheKeyMap() {
        enum A: Hashable, Sendable { case quit, help, next }
        let map = KeyMap<A>([
            KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General"),
            KeyBinding(key: .char("?"), action: .help, help: "toggle help", group: "General"),
            KeyBinding(key: .tab, action: .next, help: "next pane", group: "Panes")
        ])
        var b = Buffer(width: 34, height: 11)
        b.fill(b.area, "x")
        HelpOverlay(keyMap: map, title: "Keys", keyStyle: Style(fg: .yellow)).render(in: b.area, buffer: &b)
        expectSnapshot(
            b,
            [
                "xxxxxxx╭─ Keys ───────────╮xxxxxxx",
                "xxxxxxx│                  │xxxxxxx",
                "xxxxxxx│ General          │xxxxxxx",
                "xxxxxxx│ q    quit        │xxxxxxx",
                "xxxxxxx│ ?    toggle help │xxxxxxx",
                "xxxxxxx│                  │xxxxxxx",
                "xxxxxxx│ Panes            │xxxxxxx",
                "xxxxxxx│ Tab  next pane   │xxxxxxx",
                "xxxxxxx│                  │xxxxxxx",
                "xxxxxxx╰──────────────────╯xxxxxxx",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ])
        #expect(b[9, 3].fg == .yellow)
        #expect(b[14, 3].fg == .default)
    }
}
