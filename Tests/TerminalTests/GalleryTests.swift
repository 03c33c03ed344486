import Testing

@testable import Terminal
@testable import TerminalGallery

/// The demo app driven through events, as the loop would, and rendered into a buffer.
struct GalleryTests {
    func app() -> GalleryApp {
        GalleryApp(theme: .default, library: ThemeLibrary(directories: [themesFolder]), depth: .truecolor)
    }

    func screen(_ a: GalleryApp, _ w: Int = 100, _ h: Int = 30) -> [String] {
        var b = Buffer(width: w, height: h)
        a.renderFrame(into: &b)
        return b.lines
    }

    @Test func readyMarkerKeysAndTabs() {
        var a = app()
        #expect(a.handle(.resize(Size(width: 100, height: 30))) == .continue)
        #expect(screen(a).last!.contains("ready · frame 0 · 100×30 · key: - · mouse: -"))
        _ = a.handle(.key(.down))
        _ = a.handle(.key(.tab))
        #expect(a.tab == 1 && a.selectedRow == 1)
        let lines = screen(a)
        #expect(lines.last!.contains("key: Tab"))
        #expect(lines.contains { $0.contains("▸ run-2") })
        _ = a.handle(.key(.backTab))
        _ = a.handle(.key(.char("3")))
        #expect(a.tab == 2)
        #expect(a.handle(.key(.char("q"))) == .quit)
    }

    @Test func helpOverlayOpensAndAnyKeyClosesIt() {
        var a = app()
        _ = a.handle(.key(.char("?")))
        #expect(a.showHelp)
        #expect(screen(a).contains { $0.contains("Keys · ? or Esc closes") })
        #expect(screen(a).contains { $0.contains("q / Ctrl-C") })
        _ = a.handle(.key(.escape))
        #expect(!a.showHelp)
    }

    @Test func themeSwitchCyclesTheLibrary() {
        var a = app()
        let first = a.theme.name
        _ = a.handle(.key(.char("t")))
        #expect(a.theme.name != first)
        #expect(a.themeNames.count >= 5)
        for _ in 1..<a.themeNames.count { _ = a.handle(.key(.char("t"))) }
        #expect(a.theme.name == first)
    }

    @Test func ticksAnimateUnlessPausedAndMouseSelectsTabs() {
        var a = app()
        _ = a.handle(.resize(Size(width: 100, height: 30)))
        _ = a.handle(.tick)
        _ = a.handle(.key(.char(" ")))
        _ = a.handle(.tick)
        #expect(a.frame == 1 && a.paused)
        _ = a.handle(.mouse(MouseEvent(.press(.left), x: 16, y: 1)))  // " 2 Table " starts at column 14
        #expect(a.tab == 1)
        _ = a.handle(.mouse(MouseEvent(.wheelDown, x: 5, y: 10)))
        #expect(a.selectedRow == 1)
    }

    @Test func tooSmallTerminalsGetTheNotice() {
        let lines = screen(app(), 40, 10)
        #expect(lines.contains { $0.contains("Terminal too small") })
        #expect(lines.contains { $0.contains("need 60×18, have 40×10") })
    }
}
