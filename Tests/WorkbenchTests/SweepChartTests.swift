import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The sweep chart draws one trade-off curve per sampler: points of one strategy (and cache mode)
/// join in NFE order, and never join another sampler's points.
struct SweepChartTests {
    static func result(_ label: String, nfe: Double, success: Double) -> SweepResult {
        SweepResult(label: label, figure: .success(rate: success, meanReward: success), meanNFE: nfe, seconds: 1)
    }

    @Test func eachSamplerIsItsOwnCurveInNFEOrder() {
        var current = SamplerConfig()
        current.generationLength = 32
        current.blockLength = 8
        var sweep = SweepState()
        sweep.configs = SweepConfig.defaults(around: current)
        let results = sweep.configs.enumerated().map { i, c in
            Self.result(c.label, nfe: Double(32 - i), success: Double(i) / 10)
        }
        let series = SweepPane(sweep: sweep, theme: .default).chartSeries(results)
        let names = series.map(\.name)
        #expect(names.prefix(3) == ["llada", "threshold", "eb"])
        #expect(names.contains("llada prefix cache") && names.contains("llada dual cache"))
        #expect(Set(names).count == names.count)
        // Every finished config is a point of exactly one curve, with its own NFE and figure.
        #expect(series.map(\.points.count).reduce(0, +) == results.count)
        let llada = series[0].points
        #expect(llada.map(\.x) == llada.map(\.x).sorted())
        #expect(llada.contains { $0.x == 32 && $0.y == 0 } && llada.contains { $0.x == 31 && abs($0.y - 10) < 1e-9 })
        #expect(series[1].points.count == 2 && series[2].points.count == 2)
    }

    /// The legend flows over as many rows as it needs above the plot: at 120 columns the five
    /// samplers of a block-decoding sweep once had no legend at all (it would not fit inside the
    /// plot), and where it fit it hid the points under it.
    @Test func theLegendNamesEverySamplerAboveThePlot() throws {
        #expect(SweepPane.legendRows(["llada", "threshold", "eb"], width: 40) == [[0, 1, 2]])
        #expect(
            SweepPane.legendRows(["llada", "threshold", "eb", "llada prefix cache", "llada dual cache"], width: 40)
                == [[0, 1, 2], [3, 4]])
        #expect(SweepPane.legendRows(["a very long sampler name"], width: 10) == [[0]])
        var current = SamplerConfig()
        current.generationLength = 32
        current.blockLength = 8
        var sweep = SweepState()
        sweep.configs = SweepConfig.defaults(around: current)
        sweep.progress = SweepProgress(
            request: 0, items: 4,
            results: sweep.configs.enumerated().map { i, c in Self.result(c.label, nfe: Double(8 + i), success: 0.5) },
            itemsDone: 4, finished: true)
        let pane = SweepPane(sweep: sweep, theme: .default)
        let screen = draw(width: pane.tableWidth + 2 + 48, height: 20) {
            pane.render(in: Rect(x: 0, y: 0, width: pane.tableWidth + 50, height: 20), buffer: &$0)
        }
        let lines = screen.lines
        let plotTop = try #require(lines.firstIndex { $0.contains("┤") }, "the chart is drawn")
        for name in ["━ llada", "━ threshold", "━ eb", "━ llada prefix cache", "━ llada dual cache"] {
            let row = try #require(lines.firstIndex { $0.contains(name) }, "\(name)")
            #expect(row < plotTop, "\(name) is above the plot, where it hides no point")
        }
        // At 80×24 the chart gets 6 rows below the table: one for the legend, five for the plot
        // (the legend was once dropped there).
        let small = Rect(x: 0, y: 0, width: 78, height: sweep.configs.count + 2 + 1 + 6)
        let narrow = draw(width: small.width, height: small.height) { pane.render(in: small, buffer: &$0) }
        #expect(narrow.lines.contains { $0.contains("━ llada prefix cache") }, "\(narrow.lines.joined(separator: "\n"))")
    }

    @Test func onlyFinishedConfigsBecomePoints() {
        var sweep = SweepState()
        sweep.configs = SweepConfig.defaults(around: SamplerConfig())
        let series = SweepPane(sweep: sweep, theme: .default).chartSeries([Self.result("a", nfe: 8, success: 0.5)])
        #expect(series.count == 1 && series[0].points.count == 1)
    }
}
