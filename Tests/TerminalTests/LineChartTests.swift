import Testing

@testable import Terminal

struct LineChartTests {
    let rising = ChartSeries(name: "up", values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], style: Style(fg: .cyan))
    let falling = ChartSeries(name: "down", values: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], style: Style(fg: .magenta))

    @Test func axesTicksAndLegend() {
        let chart = LineChart(series: [rising, falling], axisStyle: Style(fg: .brightBlack), xTitle: "step")
        let b = rendered(chart, width: 40, height: 12)
        expectSnapshot(
            b,
            [
                "10┤⠑⠢⢄⡀                      ━ up 10.00 ",
                "  │   ⠈⠒⠤⣀                   ━ down 0.00",
                "  │       ⠉⠒⠤⣀               ⣀⠤⠒⠁       ",
                "  │           ⠑⠢⢄⡀       ⢀⡠⠔⠊           ",
                "  │              ⠈⠒⠤⣀ ⣀⠤⠒⠁              ",
                " 5┤              ⢀⡠⠔⠒⠉⠑⠢⢄⡀              ",
                "  │           ⡠⠔⠊⠁       ⠈⠑⠢⢄           ",
                "  │       ⣀⠤⠒⠉               ⠉⠒⠤⡀       ",
                "  │   ⢀⠤⠒⠉                      ⠈⠑⠢⢄⡀   ",
                " 0┤⡠⠔⠊⠁                             ⠈⠑⠢⢄",
                "  └┬─────────────────┬─────────────────┬",
                "   0                 5              step"
            ])
        #expect(b[2, 0].fg == .brightBlack)  // y-axis tick
        #expect(b[3, 0].fg == .magenta)  // "falling" drawn last owns the shared corner cell
        #expect(b[29, 0].fg == .cyan && b[31, 0].fg == .default)  // legend marker and label  // y-axis tick
    }

    @Test func smoothingDrawsTheRawCurveDimmedUnderneath() {
        let noisy = ChartSeries(name: "loss", values: [4, 0, 4, 0, 4, 0, 4, 0, 4, 0], style: Style(fg: .yellow))
        let chart = LineChart(series: [noisy], smoothing: 0.8, legend: .hidden)
        let b = rendered(chart, width: 30, height: 8)
        expectSnapshot(
            b,
            [
                "4┤⢣    ⢠⢣    ⢠⢣     ⡜⡄    ⡜⡄  ",
                " │⠘⣧   ⡜⠘⡄   ⡜⠈⡆   ⢠⠃⢣   ⢠⠃⢣  ",
                " │ ⢣⢣ ⣠⠗⠑⢧⡀ ⢠⠧⠢⢵⡀  ⣜⠤⣘⡄  ⣜⠤⣘⡄ ",
                "2┤ ⠘⡄⠋⡜  ⠘⡌⠊⡝   ⢏⠑⢩⠃  ⢫⠒⢩⠃  ⢫⠒",
                " │  ⢣⢠⠃   ⢣⢠⠃   ⠸⡀⡜   ⠘⡄⡜   ⠘⡄",
                "0┤  ⠘⡜    ⠘⡜     ⢣⠃    ⢣⠃    ⢣",
                " └┬──────────────┬────────────",
                "  0              5            "
            ])
        let cells = b.cells.filter { $0.scalar.value >= 0x2800 && $0.scalar.value <= 0x28FF }
        #expect(cells.contains { $0.fg == .yellow && $0.attrs.contains(.dim) })
        #expect(cells.contains { $0.fg == .yellow && !$0.attrs.contains(.dim) })
    }

    @Test func changingOnePointRewritesOnlyNearbyCells() {
        let backend = TestBackend(width: 120, height: 40)
        let renderer = Renderer(backend: backend)
        var values = (0..<200).map { 5 + 3 * Double(($0 * 37) % 11) / 10 }
        func frame() -> FrameStats {
            renderer.draw { buf in
                LineChart(
                    series: [ChartSeries(name: "s", values: values, style: Style(fg: .green))],
                    yBounds: (0, 10), legend: .hidden
                ).render(in: buf.area, buffer: &buf)
            }
        }
        #expect(frame().cellsWritten == 120 * 40)
        values[100] = 6.5
        let changed = frame().cellsWritten
        #expect(changed > 0 && changed <= 12)
    }

    @Test func tooSmallAreasDrawNothing() {
        let b = rendered(LineChart(series: [rising]), width: 6, height: 3)
        #expect(b.lines.allSatisfy { $0.allSatisfy { $0 == " " } })
    }
}
