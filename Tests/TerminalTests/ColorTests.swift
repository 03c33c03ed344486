import Testing

@testable import Terminal

struct ColorQuantizationTests {
    @Test func rgbTo256UsesCubeOrGreyRamp() {
        #expect(ColorDepth.palette256.quantize(.rgb(255, 0, 0)) == .indexed(196))
        #expect(ColorDepth.palette256.quantize(.rgb(128, 128, 128)) == .indexed(244))
        #expect(ColorDepth.palette256.quantize(.rgb(0, 0, 0)) == .indexed(16))
        #expect(ColorDepth.palette256.quantize(.rgb(95, 135, 175)) == .indexed(67))
        #expect(ColorDepth.palette256.quantize(.indexed(42)) == .indexed(42))
    }

    @Test func rgbTo16And8PickTheNearestANSIColour() {
        #expect(ColorDepth.ansi16.quantize(.rgb(250, 10, 10)) == .brightRed)
        #expect(ColorDepth.ansi16.quantize(.rgb(200, 0, 0)) == .red)
        #expect(ColorDepth.ansi16.quantize(.indexed(196)) == .brightRed)
        #expect(ColorDepth.ansi16.quantize(.indexed(12)) == .indexed(12))
        #expect(ColorDepth.ansi8.quantize(.rgb(250, 10, 10)) == .red)
        #expect(ColorDepth.ansi8.quantize(.brightWhite) == .white)
    }

    @Test func monochromeDropsColourAndTruecolorKeepsIt() {
        #expect(ColorDepth.monochrome.quantize(.rgb(1, 2, 3)) == .default)
        #expect(ColorDepth.monochrome.cursesColor(.red) == -1)
        #expect(ColorDepth.truecolor.quantize(.rgb(1, 2, 3)) == .rgb(1, 2, 3))
        #expect(ColorDepth.truecolor.cursesColor(.rgb(0, 128, 255)) == 0x0080FF)
    }

    @Test func cursesNumbersAvoidDirectColourPaletteSlots() {
        // In *-direct terminfo, 0–7 are palette colours, so near-black RGB is lifted to 8.
        #expect(ColorDepth.truecolor.cursesColor(.rgb(0, 0, 3)) == 8)
        #expect(ColorDepth.truecolor.cursesColor(.red) == 1)
        #expect(ColorDepth.truecolor.cursesColor(.indexed(196)) == 0xFF0000)
        #expect(ColorDepth.palette256.cursesColor(.default) == -1)
        #expect(ColorDepth.palette256.cursesColor(.rgb(255, 0, 0)) == 196)
    }

    @Test func gradientInterpolatesIn101Steps() {
        let g = Gradient([.rgb(0, 0, 0), .rgb(200, 100, 0)])
        #expect(g.steps.count == 101)
        #expect(g.color(at: 0) == .rgb(0, 0, 0))
        #expect(g.color(at: 0.5) == .rgb(100, 50, 0))
        #expect(g.color(at: 2) == .rgb(200, 100, 0))
        #expect(g.color(at: .nan) == .rgb(0, 0, 0))
        let three = Gradient([.rgb(255, 0, 0), .rgb(255, 255, 0), .rgb(0, 255, 0)])
        #expect(three.color(at: 0.5) == .rgb(255, 255, 0))
    }

    @Test func colorPacking() {
        #expect(Color(hex: 0x88C0D0).kind == .rgb(0x88, 0xC0, 0xD0))
        #expect(Color.indexed(7).kind == .indexed(7))
        #expect(Color.default.kind == .default)
        #expect(Color(hex: 0x0A0B0C).description == "#0a0b0c")
        #expect(XtermPalette.rgb(of: 232) == (8, 8, 8))
        #expect(XtermPalette.rgb(of: 231) == (255, 255, 255))
    }
}

struct ColorDetectionTests {
    let xterm256 = TerminfoFacts(name: "xterm-256color", hasRGB: false, colors: 256, canAddressCursor: true)
    let direct = TerminfoFacts(name: "xterm-direct", hasRGB: true, colors: 0x1000000, canAddressCursor: true)

    func decide(
        _ choice: ColorChoice = .auto, env: [String: String] = [:], facts: TerminfoFacts? = nil,
        directs: [String] = ["xterm-direct"]
    ) -> ColorDecision {
        ColorDetection.decide(choice: choice, environment: env, facts: facts ?? xterm256) { name in
            directs.contains(name) ? TerminfoFacts(name: name, hasRGB: true, colors: 0x1000000, canAddressCursor: true) : nil
        }
    }

    @Test func terminfoColoursDecideWithoutHints() {
        #expect(decide().depth == .palette256)
        #expect(
            decide(facts: TerminfoFacts(name: "xterm-16color", hasRGB: false, colors: 16, canAddressCursor: true)).depth
                == .ansi16)
        #expect(decide(facts: TerminfoFacts(name: "linux", hasRGB: false, colors: 8, canAddressCursor: true)).depth == .ansi8)
        #expect(
            decide(facts: TerminfoFacts(name: "vt100", hasRGB: false, colors: -1, canAddressCursor: true)).depth == .monochrome)
    }

    @Test func rgbCapabilityMeansTruecolor() {
        let d = decide(facts: direct)
        #expect(d.depth == .truecolor)
        #expect(d.terminalName == "xterm-direct")
    }

    @Test func colortermSwitchesToADirectEntryOnlyIfOneExists() {
        let d = decide(env: ["COLORTERM": "truecolor"])
        #expect(d.depth == .truecolor)
        #expect(d.terminalName == "xterm-direct")
        let tmux = decide(
            env: ["COLORTERM": "24bit"],
            facts: TerminfoFacts(name: "tmux-256color", hasRGB: false, colors: 256, canAddressCursor: true),
            directs: ["tmux-direct", "xterm-direct"])
        #expect(tmux.terminalName == "tmux-direct")
        let none = decide(env: ["COLORTERM": "truecolor"], directs: [])
        #expect(none.depth == .palette256)
        #expect(none.terminalName == "xterm-256color")
    }

    @Test func noColorAndTheFlag() {
        #expect(decide(.auto, env: ["NO_COLOR": "1"]).depth == .monochrome)
        #expect(decide(.auto, env: ["NO_COLOR": ""]).depth == .palette256)
        #expect(decide(.always, env: ["NO_COLOR": "1"]).depth == .palette256)
        #expect(decide(.never, facts: direct).depth == .monochrome)
        #expect(decide(.never).reason == "--color never")
    }

    @Test func directCandidates() {
        #expect(ColorDetection.directCandidates(for: "tmux-256color") == ["tmux-direct", "xterm-direct"])
        #expect(ColorDetection.directCandidates(for: "xterm-256color") == ["xterm-direct"])
        #expect(ColorDetection.directCandidates(for: "foot") == ["foot-direct", "xterm-direct"])
    }
}

struct CacheTests {
    @Test func lruEvictsTheLeastRecentlyUsed() {
        var c = LRUCache<String, Int>(capacity: 2)
        c.insert("a", 1)
        c.insert("b", 2)
        #expect(c.get("a") == 1)  // a is now most recent
        let evicted = c.insert("c", 3)
        #expect(evicted?.key == "b")
        #expect(c.get("b") == nil)
        #expect(c.get("a") == 1 && c.get("c") == 3)
        #expect(c.count == 2)
        #expect(c.leastRecent == "a")
    }

    @Test func pairCacheReusesPairsAndRecyclesTheOldest() {
        nonisolated(unsafe) var defined: [[Int32]] = []
        var cache = ColorPairCache(pairs: 3) { p, f, b in defined.append([p, f, b]) }
        #expect(cache.pair(fg: -1, bg: -1) == 0)
        #expect(cache.pair(fg: 1, bg: 2) == 1)
        #expect(cache.pair(fg: 3, bg: -1) == 2)
        #expect(cache.pair(fg: 1, bg: 2) == 1)
        #expect(defined == [[1, 1, 2], [2, 3, -1]])
        #expect(cache.pair(fg: 5, bg: 5) == 2)  // pair 2 (3/-1) was least recent
        #expect(cache.evictions == 1)
        #expect(defined.last == [2, 5, 5])
    }
}
