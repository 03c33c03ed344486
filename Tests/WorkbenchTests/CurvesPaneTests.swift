import Foundation
import RunLog
import Terminal
import Testing

@testable import Workbench

/// The curves pane: smoothing and zoom numbers (what is drawn), toggles, the grid, and text
/// snapshots of the whole pane.
struct CurvesPaneTests {
    static func series(_ metric: String, _ run: String, _ values: [Double], from first: Int = 0, every: Int = 1) -> CurveSeries {
        CurveSeries(
            name: metric, run: run,
            points: values.enumerated().map { CurvePoint(step: first + $0.offset * every, value: $0.element) })
    }

    /// Three metrics of two runs; run b is shorter and noisier.
    static let twoRuns: [CurveSeries] = {
        let steps = (0..<40).map(Double.init)
        let a: [Double] = steps.map { x in 0.2 + 0.6 * x / 39 + 0.05 * sin(x) }
        let b: [Double] = steps.prefix(30).map { x in 0.1 + 0.5 * x / 39 + 0.1 * cos(1.7 * x) }
        let klA: [Double] = steps.map { 0.001 * $0 }, klB: [Double] = steps.prefix(30).map { 0.002 * $0 }
        let loss: [Double] = steps.map { 2 / (1 + $0) }
        return [
            series("reward", "espo", a, every: 10), series("reward", "trl", b, every: 10),
            series("kl", "espo", klA, every: 10), series("kl", "trl", klB, every: 10),
            series("loss", "espo", loss, every: 10)
        ]
    }()

    /// TensorBoard's classic smoothing, worked by hand for w = 0.5: last = last·w + (1−w)·y,
    /// shown as last / (1 − wⁿ) with n counting finite points; NaN passes through.
    @Test func smoothingIsTensorBoardsDebiasedEMA() {
        let s = [Self.series("loss", "", [1, 2, 3, .nan, 5])]
        let chart = CurveChart(metric: "loss", series: s, state: CurvesViewState(smoothing: 0.5))
        let smoothed = chart.lines[0].smoothed
        let expected = [1, 1.25 / 0.75, 2.125 / 0.875, .nan, 3.5625 / 0.9375]
        #expect(smoothed.count == 5)
        for (x, e) in zip(smoothed, expected) {
            #expect(e.isNaN ? x.isNaN : abs(x - e) < 1e-12, "\(x) vs \(e)")
        }
        #expect(abs(smoothed[4] - 3.8) < 1e-12)
        let raw = CurveChart(metric: "loss", series: s, state: CurvesViewState(smoothing: 0)).lines[0].smoothed
        #expect(raw[0] == 1 && raw[4] == 5, "no smoothing draws the logged values")
        let flat = CurveChart(
            metric: "c", series: [Self.series("c", "", [0.3, 0.3, 0.3])], state: CurvesViewState(smoothing: 0.9))
        #expect(flat.lines[0].smoothed == [0.3, 0.3, 0.3], "a constant stays exactly constant")
    }

    /// The window cuts the curve after smoothing (zooming never changes a smoothed value), ends at
    /// the chart's newest step, and text shows the newest logged (not smoothed) value.
    @Test func zoomCutsTheSmoothedCurve() {
        let all = CurveChart(metric: "reward", series: Self.twoRuns, state: CurvesViewState(smoothing: 0.8))
        let zoomed = CurveChart(metric: "reward", series: Self.twoRuns, state: CurvesViewState(smoothing: 0.8, window: 100))
        #expect(zoomed.stepRange == 290...390)
        #expect(zoomed.lines[0].raw.map(\.step) == Array(stride(from: 290, through: 390, by: 10)))
        #expect(zoomed.lines[0].smoothed == Array(all.lines[0].smoothed.suffix(11)))
        #expect(zoomed.lines[1].raw.map(\.step) == [290], "the shorter run keeps what falls in the window")
        #expect(zoomed.lines[0].last?.step == 390)
        #expect(zoomed.lines[0].last?.value == Self.twoRuns[0].points.last?.value)
    }

    /// Several runs: colour by run. One run: colour by metric, so its charts differ.
    @Test func coloursFollowRunsOrMetrics() {
        let chart = CurveChart(metric: "kl", series: Self.twoRuns, state: CurvesViewState())
        #expect(chart.lines.map(\.colorIndex) == [0, 1])
        let single = Self.twoRuns.filter { $0.run == "espo" }
        #expect(CurveChart(metric: "loss", series: single, state: CurvesViewState()).lines.map(\.colorIndex) == [2])
    }

    /// A narrow chart of one run still shows its latest value in the border, without the step:
    /// "elbo_per_token" in the Train tab once showed no value at all.
    @Test func aNarrowChartKeepsItsValue() {
        let s = [Self.series("elbo_per_token", "espo", [2.5, 2.25, 2.125], every: 10)]
        let pane = MetricCurvesPane(series: s, state: CurvesViewState(), theme: .default)
        for (width, border) in [(60, "2.125 · step 20"), (30, "2.125")] {
            let screen = draw(width: width, height: 12) { pane.render(in: $0.area, buffer: &$0) }
            let top = screen.lines.first { $0.contains("elbo_per_token") } ?? ""
            #expect(top.contains(" \(border) "), "\(width) columns: \(top)")
        }
    }

    @Test func hiddenRunsLeaveEveryChartAndHiddenMetricsLeaveTheGrid() {
        var state = CurvesViewState(hiddenRuns: ["trl"])
        #expect(CurveChart(metric: "reward", series: Self.twoRuns, state: state).lines.map(\.run) == ["espo"])
        state.hiddenMetrics = ["kl"]
        let pane = MetricCurvesPane(series: Self.twoRuns, state: state, theme: .default)
        let area = Rect(x: 0, y: 0, width: 120, height: 30)
        #expect(pane.shownMetrics(in: area) == ["reward", "loss"])
        state.layout = .single
        state.selectedMetric = "kl"
        #expect(
            MetricCurvesPane(series: Self.twoRuns, state: state, theme: .default).shownMetrics(in: area) == ["kl"],
            "one chart shows the selected metric even when hidden from the grid")
    }

    /// More metrics than fit: the grid shows the page holding the selected metric.
    @Test func gridPagesFollowTheSelection() {
        let many = (0..<9).map { Self.series("m\($0)", "", [1, 2, 3]) }
        let area = Rect(x: 0, y: 0, width: 100, height: 20)  // sidebar 24 wide → 76×20: 2×2 charts
        var state = CurvesViewState()
        #expect(MetricCurvesPane(series: many, state: state, theme: .default).shownMetrics(in: area) == ["m0", "m1", "m2", "m3"])
        state.selectedMetric = "m5"
        #expect(MetricCurvesPane(series: many, state: state, theme: .default).shownMetrics(in: area) == ["m4", "m5", "m6", "m7"])
        state.selectedMetric = "m8"
        #expect(MetricCurvesPane(series: many, state: state, theme: .default).shownMetrics(in: area) == ["m8"])
        state.selectedMetric = "m5"
        state.hiddenMetrics = ["m5"]  // a hidden selection shows the page of the next visible metric
        #expect(MetricCurvesPane(series: many, state: state, theme: .default).shownMetrics(in: area) == ["m4", "m6", "m7", "m8"])
    }

    @Test func gridCellsTileTheAreaNoSmallerThanAReadableChart() {
        let area = Rect(x: 2, y: 1, width: 120, height: 36)
        #expect(CurvesGrid.capacity(of: area) == 12)
        for n in 1...12 {
            let cells = CurvesGrid.cells(in: area, count: n)
            #expect(cells.count == n)
            #expect(cells.allSatisfy { $0.width >= CurvesGrid.minimumChart.width && $0.height >= CurvesGrid.minimumChart.height })
            #expect(cells.allSatisfy { area.intersection($0) == $0 })
            for i in cells.indices { for j in cells.indices where j > i { #expect(cells[i].intersection(cells[j]).isEmpty) } }
        }
        #expect(CurvesGrid.cells(in: area, count: 2).map(\.width) == [60, 60], "two wide charts side by side")
        #expect(CurvesGrid.cells(in: Rect(x: 0, y: 0, width: 40, height: 30), count: 3).count == 3, "stacked when narrow")
        #expect(
            CurvesGrid.cells(in: Rect(x: 0, y: 0, width: 30, height: 8), count: 5) == [Rect(x: 0, y: 0, width: 30, height: 8)])
    }

    /// Long series are thinned to each x bucket's lowest and highest point: the envelope (a
    /// spike included) survives, NaN stays a gap, short series pass through untouched.
    @Test func decimationKeepsEachBucketsExtremes() {
        var points = (0..<10_000).map { (x: Double($0), y: Double($0 % 100) / 100) }
        points[5_000].y = 9  // a spike
        points[7_000].y = .nan
        let thin = CurveDecimation.minMax(points, buckets: 50)
        #expect(thin.count <= 3 * 50)
        #expect(thin.count >= 100)
        #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.x <= $1.x }, "x order kept")
        #expect(thin.contains { $0.x == 5_000 && $0.y == 9 })
        #expect(thin.contains { $0.y.isNaN })
        let finite = thin.map(\.y).filter(\.isFinite)
        #expect(finite.min() == 0 && finite.max() == 9)
        let short = Array(points.prefix(60))
        #expect(CurveDecimation.minMax(short, buckets: 50).map(\.x) == short.map(\.x))
    }

    /// What the training pane feeds the pane: records of a run in process, titled per metric.
    @Test func seriesFromMetricRecords() {
        let records = [
            MetricsRecord(step: 1, wallTime: 0, values: [("reward/mean", 0.25), ("kl", 0.01)]),
            MetricsRecord(step: 2, wallTime: 0, values: [("reward/mean", 0.5), ("kl", .nan)]),
            MetricsRecord(step: 3, wallTime: 0, values: [("kl", 0.03)])
        ]
        let series = CurveSeries.fromRecords(records, metrics: ["reward/mean", "success", "kl"])
        #expect(series.map(\.name) == ["reward", "kl"], "named as unmask watch names them; no chart for a metric never logged")
        #expect(series[0].points == [CurvePoint(step: 1, value: 0.25), CurvePoint(step: 2, value: 0.5)])
        #expect(series[1].points.map(\.step) == [1, 2, 3] && series[1].points[1].value.isNaN)
        #expect(series.allSatisfy { $0.run.isEmpty })
    }

    @Test func valuesPrintShortAndExact() {
        #expect(CurveValueFormat.value(0.52341) == "0.5234")
        #expect(CurveValueFormat.value(12.5) == "12.5")
        #expect(CurveValueFormat.value(0.0031) == "0.0031")
        #expect(CurveValueFormat.value(1234) == "1234")
        #expect(CurveValueFormat.value(-2) == "-2")
        #expect(CurveValueFormat.value(12_345) == "12.35k")
        #expect(CurveValueFormat.value(1_500_000) == "1.5M")
        #expect(CurveValueFormat.value(1.5e-5) == "1.5e-05")
        #expect(CurveValueFormat.value(.nan) == "NaN")
        // Large values never stack suffixes ("1235G", "-100GG", a screenful of G for -1e308).
        #expect(CurveValueFormat.value(1_234_567_890) == "1.235G")
        #expect(CurveValueFormat.value(1_234_567_890_123) == "1.23e+12")
        #expect(CurveValueFormat.value(123_456_789_012_345) == "1.23e+14")
        #expect(CurveValueFormat.value(-1e20) == "-1e+20")
        #expect(CurveValueFormat.value(-1e308) == "-1e+308")
        // A mantissa that rounds up carries into the exponent (9.999e-07 once read "10e-07").
        #expect(CurveValueFormat.value(9.999e-7) == "1e-06")
        #expect(CurveValueFormat.value(9.99e-7) == "9.99e-07")
    }

    // MARK: snapshots

    @Test func gridOfTwoRunsSnapshot() {
        let buffer = draw(width: 110, height: 26) {
            MetricCurvesPane(series: Self.twoRuns, state: CurvesViewState(smoothing: 0.6, selectedMetric: "kl"), theme: .default)
                .render(in: $0.area, buffer: &$0)
        }
        expectSnapshot(buffer, named: "CurvesGridTwoRuns")
        // The selected chart's border has the focused colour, the others the plain one.
        func cornerColour(of title: String) -> Color? {
            let top = "╭─ \(title) "
            guard let y = buffer.lines.firstIndex(where: { $0.contains(top) }), let range = buffer.lines[y].range(of: top) else {
                return nil
            }
            return buffer[buffer.lines[y].unicodeScalars.distance(from: buffer.lines[y].startIndex, to: range.lowerBound), y].fg
        }
        #expect(cornerColour(of: "kl") == Theme.default[.borderFocused].fg)
        #expect(cornerColour(of: "reward") == Theme.default[.border].fg)
        #expect(Theme.default[.borderFocused].fg != Theme.default[.border].fg)
    }

    @Test func singleChartZoomedWithHiddenRunSnapshot() {
        let state = CurvesViewState(smoothing: 0.3, window: 100, layout: .single, selectedMetric: "reward", hiddenRuns: ["trl"])
        let buffer = draw(width: 90, height: 20) {
            MetricCurvesPane(series: Self.twoRuns, state: state, theme: .default).render(in: $0.area, buffer: &$0)
        }
        expectSnapshot(buffer, named: "CurvesSingleZoomed")
        #expect(buffer.lines.joined().contains("last 100 steps"))
        #expect(buffer.lines.contains { $0.contains("2 ○ trl") && $0.contains("hidden") })
    }

    /// Narrow: no sidebar, one run, raw values only.
    @Test func narrowSingleRunWithoutSidebarSnapshot() {
        let single = Self.twoRuns.filter { $0.run == "espo" }.map {
            var s = $0; s.run = ""; return s
        }
        let buffer = draw(width: 60, height: 12) {
            MetricCurvesPane(series: single, state: CurvesViewState(smoothing: 0), theme: .default).render(
                in: $0.area, buffer: &$0)
        }
        expectSnapshot(buffer, named: "CurvesNarrowSingleRun")
        #expect(!buffer.lines.joined().contains("Metrics"))
    }

    /// A legend too wide with its values keeps just the run names; wider still, it is left out.
    @Test func legendDropsValuesBeforeNames() {
        func legend(_ runs: [String]) -> String {
            let series = runs.enumerated().map { Self.series("reward", $0.element, [0.25, 0.5, Double($0.offset)]) }
            return draw(width: 60, height: 12) {
                MetricCurvesPane(series: series, state: CurvesViewState(smoothing: 0), theme: .default, showsSidebar: false)
                    .render(in: $0.area, buffer: &$0)
            }.lines.joined(separator: "\n")
        }
        let short = legend(["espo", "trl"])
        #expect(short.contains("━ espo 0 ") && short.contains("━ trl 1 "))
        // 29 columns with values: over half the 54-column plot.
        let long = legend(["a-very-long-run-name-001", "a-very-long-run-name-002"])
        #expect(long.contains("━ a-very-long-run-name-001 ") && !long.contains("run-name-001 0"))
        #expect(!legend(["an-even-longer-run-name-number-1", "x"]).contains("━"))
    }

    @Test func emptyAndAllHiddenSayWhy() {
        let empty = draw(width: 80, height: 12) {
            MetricCurvesPane(series: [], state: CurvesViewState(), theme: .default, emptyMessage: "waiting for metrics").render(
                in: $0.area, buffer: &$0)
        }
        #expect(empty.lines.joined().contains("waiting for metrics"))
        let hidden = draw(width: 80, height: 12) {
            MetricCurvesPane(
                series: Self.twoRuns, state: CurvesViewState(hiddenMetrics: ["reward", "kl", "loss"]), theme: .default
            )
            .render(in: $0.area, buffer: &$0)
        }
        #expect(hidden.lines.joined().contains("every metric is hidden · a shows all"))
        #expect(hidden.lines[0].hasPrefix("╭─ Metrics ─") && hidden.lines[0].contains("─ 0/3 ─╮"))
    }
}
