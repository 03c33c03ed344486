import Terminal

/// Training curves: a grid of braille charts, one per metric, each overlaying its runs in one
/// colour per run, with TensorBoard smoothing (the raw curve dimmed beneath), an x zoom, and a
/// side list of metrics and runs showing what is hidden and where the selection is.
///
/// Stateless: it draws `series` as `state` says. The host keeps the `CurvesViewState`, feeds
/// keys to `state.perform(_:on:)` (bindings from `CurvesAction.bindings`), and gives the pane
/// fresh series when it has them — from files (`unmask watch`) or from the engine (training).
///
/// ```
/// ╭ Metrics 3/3 ─────╮╭ reward ────────── 0.52 · step 120 ╮╭ kl ─────────── 0.0031 · step 120 ╮
/// │▸● reward     0.52││0.6┤              ⢀⡠⠔⠒⠉             ││ …                               │
/// │ ● kl       0.0031││   …                                ││                                 │
/// │ EMA 0.60 ━━━━──  ││   └──┬───────┬───────┬──── step    ││                                 │
/// ```
struct MetricCurvesPane: Widget {
    var series: [CurveSeries]
    var state: CurvesViewState
    var theme: Theme
    /// Draws the selected chart's border and the list cursor in the focused styles.
    var focused: Bool
    /// The metric/run list on the left, dropped anyway when the area is narrower than
    /// `sidebarMinimumWidth` (the charts need the room more).
    var showsSidebar: Bool
    /// Shown while `series` is empty.
    var emptyMessage: String

    static let sidebarMinimumWidth = 72

    init(
        series: [CurveSeries], state: CurvesViewState, theme: Theme, focused: Bool = true,
        showsSidebar: Bool = true, emptyMessage: String = "no metrics yet"
    ) {
        self.series = series
        self.state = state
        self.theme = theme
        self.focused = focused
        self.showsSidebar = showsSidebar
        self.emptyMessage = emptyMessage
    }

    /// The metrics whose charts are on screen in `area` (the page of the grid that holds the
    /// selection, or the selected metric alone), in drawing order.
    func shownMetrics(in area: Rect) -> [String] {
        let metrics = CurveSeries.metrics(in: series)
        guard let selected = state.selected(in: metrics) else { return [] }
        if state.layout == .single { return [selected] }
        // The page holding the selection, or (a hidden metric selected) the next visible one.
        let fromSelected = metrics.drop { $0 != selected }
        let anchorMetric = fromSelected.first { !state.hiddenMetrics.contains($0) }
        let visible = metrics.filter { !state.hiddenMetrics.contains($0) }
        let capacity = CurvesGrid.capacity(of: chartsArea(in: area))
        let page = (anchorMetric.flatMap { visible.firstIndex(of: $0) } ?? 0) / capacity
        return Array(visible.dropFirst(page * capacity).prefix(capacity))
    }

    func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        if let sidebar = sidebarArea(in: area) {
            CurvesSidebar(series: series, state: state, theme: theme, focused: focused).render(in: sidebar, buffer: &buffer)
        }
        let charts = chartsArea(in: area)
        let metrics = CurveSeries.metrics(in: series)
        guard !metrics.isEmpty else { return renderNotice(emptyMessage, in: charts, buffer: &buffer) }
        let shown = shownMetrics(in: area)
        guard !shown.isEmpty else { return renderNotice("every metric is hidden · a shows all", in: charts, buffer: &buffer) }
        let selected = state.selected(in: metrics)
        for (metric, cell) in zip(shown, CurvesGrid.cells(in: charts, count: shown.count)) {
            renderChart(
                CurveChart(metric: metric, series: series, state: state), selected: metric == selected, in: cell, buffer: &buffer)
        }
    }

    private func sidebarArea(in area: Rect) -> Rect? {
        guard showsSidebar, area.width >= Self.sidebarMinimumWidth, area.height >= 8 else { return nil }
        return Rect(x: area.x, y: area.y, width: CurvesSidebar.width(for: series, available: area.width), height: area.height)
    }

    private func chartsArea(in area: Rect) -> Rect {
        guard let sidebar = sidebarArea(in: area) else { return area }
        return Rect(x: sidebar.right, y: area.y, width: area.width - sidebar.width, height: area.height)
    }

    private func renderNotice(_ text: String, in area: Rect, buffer: inout Buffer) {
        let block = Block(title: "Curves", borders: .rounded, borderStyle: theme[.border], titleStyle: theme[.title])
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let row = inner.centered(width: min(inner.width, text.terminalWidth), height: 1)
        buffer.setString(row.x, row.y, text, style: theme[.dim], limit: inner.right)
    }

    private func renderChart(_ chart: CurveChart, selected: Bool, in area: Rect, buffer: inout Buffer) {
        var rightTitle: String?
        if chart.lines.count == 1, let last = chart.lines[0].last {
            // The value alone when the step does not fit beside the metric's name.
            let value = CurveValueFormat.value(last.value), full = value + " · step \(last.step)"
            rightTitle = Block.rightTitleFits(title: chart.metric, rightTitle: full, width: area.width) ? full : value
        }
        let block = Block(
            title: chart.metric, rightTitle: rightTitle, borders: .rounded,
            borderStyle: theme[selected && focused ? .borderFocused : .border], titleStyle: theme[.title])
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard !chart.lines.isEmpty else {
            let text = "runs hidden"
            let row = inner.centered(width: min(inner.width, text.terminalWidth), height: 1)
            buffer.setString(row.x, row.y, text, style: theme[.dim], limit: inner.right)
            return
        }
        var curves: [ChartSeries] = []
        // Two braille dots per cell across: more points than 2 per dot column draw nothing new.
        func points(_ line: CurveChart.Line, _ values: [Double]) -> [(x: Double, y: Double)] {
            CurveDecimation.minMax(zip(line.raw, values).map { (Double($0.step), $1) }, buckets: 2 * inner.width)
        }
        if state.smoothing > 0 {  // raw first, dimmed, so the smoothed curves draw over them
            curves += chart.lines.map {
                ChartSeries(name: $0.run, points: points($0, $0.raw.map(\.value)), style: theme.seriesStyle($0.colorIndex).dim)
            }
        }
        curves += chart.lines.map {
            ChartSeries(name: $0.run, points: points($0, $0.smoothed), style: theme.seriesStyle($0.colorIndex))
        }
        let xBounds = chart.stepRange.map { (Double($0.lowerBound), Double($0.upperBound)) }
        LineChart(
            series: curves, xBounds: xBounds, axisStyle: theme[.axis], labelStyle: theme[.dim], legend: .hidden, xTitle: "step"
        )
        .render(in: inner, buffer: &buffer)
        if chart.lines.count > 1 { renderLegend(chart.lines, in: inner, buffer: &buffer) }
    }

    /// "━ run value" rows in the corner of the plot that covers the fewest curve cells (so not
    /// usually over the newest data); without the values when those make it wider than half
    /// the plot, and left out when even the names are (ratatui's rule, also for the height).
    /// Call after the chart is drawn.
    private func renderLegend(_ lines: [CurveChart.Line], in area: Rect, buffer: inout Buffer) {
        let plot = Self.plotArea(in: area, buffer: buffer)
        var entries = lines.map { line in line.run + (line.last.map { " " + CurveValueFormat.value($0.value) } ?? "") }
        if (entries.map(\.terminalWidth).max() ?? 0) + 3 > plot.width / 2 { entries = lines.map(\.run) }
        let size = Size(width: (entries.map(\.terminalWidth).max() ?? 0) + 3, height: entries.count)
        guard size.width <= plot.width / 2, size.height <= max(1, plot.height / 2) else { return }
        let corners = [
            Rect(x: plot.right - size.width, y: plot.y, width: size.width, height: size.height),
            Rect(x: plot.x, y: plot.y, width: size.width, height: size.height),
            Rect(x: plot.right - size.width, y: plot.bottom - size.height, width: size.width, height: size.height),
            Rect(x: plot.x, y: plot.bottom - size.height, width: size.width, height: size.height)
        ]
        let box = corners.min { Self.curveCells(in: $0, buffer: buffer) < Self.curveCells(in: $1, buffer: buffer) }!
        for (i, entry) in entries.enumerated() {
            buffer.fill(Rect(x: box.x, y: box.y + i, width: box.width, height: 1), " ", style: .none)
            buffer.set(box.x + 1, box.y + i, "━", style: theme.seriesStyle(lines[i].colorIndex))
            buffer.setString(box.x + 3, box.y + i, entry, style: theme[.dim], limit: box.right)
        }
    }

    /// The part of a drawn `LineChart` inside its axes: right of the y axis, above the x axis
    /// (found by the axes' corner "└" on the row `LineChart` puts it, two above the bottom).
    private static func plotArea(in area: Rect, buffer: Buffer) -> Rect {
        let area = area.intersection(buffer.area)
        let axisRow = area.bottom - 2
        guard axisRow > area.y, let corner = (area.x..<area.right).first(where: { buffer[$0, axisRow].scalar == "└" }) else {
            return area
        }
        return Rect(x: corner + 1, y: area.y, width: area.right - corner - 1, height: axisRow - area.y)
    }

    /// How many cells of `rect` hold braille dots.
    private static func curveCells(in rect: Rect, buffer: Buffer) -> Int {
        let rect = rect.intersection(buffer.area)
        var count = 0
        for y in rect.y..<rect.bottom {
            for x in rect.x..<rect.right where (0x2801...0x28FF).contains(buffer[x, y].scalar.value) { count += 1 }
        }
        return count
    }
}
