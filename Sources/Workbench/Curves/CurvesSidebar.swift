import Terminal

/// The curves pane's left column: every metric (cursor on the selected one, ○ for hidden ones,
/// the newest value when there is one run), the runs with their colour, toggle key and newest
/// step, and the smoothing and zoom settings.
///
/// ```
/// ╭ Metrics 5/6 ─────────╮
/// │▸● reward        0.52 │
/// │ ○ lr          1e-05  │
/// │                      │
/// │ Runs                 │
/// │ 1 ● trl-grpo step 40 │
/// │ EMA 0.60 ━━━━━━────  │
/// │ all steps · grid     │
/// ╰──────────────────────╯
/// ```
struct CurvesSidebar: Widget {
    var series: [CurveSeries]
    var state: CurvesViewState
    var theme: Theme
    var focused: Bool

    /// Room for the longest metric or run name (and a value, with one run), at least 24
    /// columns and at most a third of `available`: a name still too long ends in "…" (its
    /// chart's title shows it whole).
    static func width(for series: [CurveSeries], available: Int) -> Int {
        let runs = CurveSeries.runs(in: series)
        let metric = CurveSeries.metrics(in: series).map(\.terminalWidth).max() ?? 0
        let run = runs.map(\.terminalWidth).max() ?? 0
        // Borders, insets, the dot and a gap; the value or "step N" beside the name.
        let needed = max(metric + (runs.count == 1 ? 14 : 6), run + 16)
        return min(max(24, available / 3), max(24, needed))
    }

    /// `text` cut to `width` columns with "…" last when it is longer.
    private static func fitted(_ text: String, width: Int) -> String {
        guard text.terminalWidth > width, width >= 1 else { return text }
        var out = ""
        for c in text {
            guard out.terminalWidth + c.description.terminalWidth < width else { break }
            out.append(c)
        }
        return out + "…"
    }

    func render(in area: Rect, buffer: inout Buffer) {
        let metrics = CurveSeries.metrics(in: series)
        let runs = CurveSeries.runs(in: series)
        let visible = metrics.filter { !state.hiddenMetrics.contains($0) }.count
        let block = Block(
            title: "Metrics", rightTitle: "\(visible)/\(metrics.count)", borders: .rounded,
            borderStyle: theme[.border], titleStyle: theme[.title])
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
        guard inner.height >= 3, inner.width >= 8 else { return }

        let footer = 2
        let showsRuns = runs.count > 1 || runs.first.map { !$0.isEmpty } ?? false
        let runRows = showsRuns ? min(runs.count + 2, max(0, inner.height - footer - 3)) : 0
        let listRows = inner.height - footer - runRows
        renderList(
            metrics, singleRun: runs.count == 1, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: listRows),
            buffer: &buffer)
        if runRows >= 3 {
            renderRuns(
                runs, in: Rect(x: inner.x, y: inner.y + listRows + 1, width: inner.width, height: runRows - 1), buffer: &buffer)
        }
        renderSettings(in: Rect(x: inner.x, y: inner.bottom - footer, width: inner.width, height: footer), buffer: &buffer)
    }

    /// One row per metric, scrolled so the selection is always on screen.
    private func renderList(_ metrics: [String], singleRun: Bool, in area: Rect, buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let selected = state.selected(in: metrics)
        let selectedIndex = selected.flatMap { metrics.firstIndex(of: $0) } ?? 0
        let first = max(0, min(selectedIndex - area.height / 2, metrics.count - area.height))
        for (row, index) in (first..<min(metrics.count, first + area.height)).enumerated() {
            let metric = metrics[index]
            let y = area.y + row
            let hidden = state.hiddenMetrics.contains(metric)
            let isSelected = metric == selected
            if isSelected && focused {
                buffer.setStyle(Rect(x: area.x - 1, y: y, width: area.width + 2, height: 1), theme[.highlight])
            }
            if isSelected { buffer.set(area.x - 1, y, "▸", style: theme[focused ? .highlight : .accent]) }
            let dotStyle = hidden ? theme[.dim] : singleRun ? theme.seriesStyle(index) : theme[.text]
            buffer.set(area.x, y, hidden ? "○" : "●", style: dotStyle)
            var valueText = ""
            if singleRun, let last = series.first(where: { $0.name == metric })?.points.last(where: { $0.value.isFinite }) {
                valueText = CurveValueFormat.value(last.value)
            }
            let valueStart = area.right - valueText.terminalWidth
            let end = valueText.isEmpty ? area.right : valueStart - 1
            let name = Self.fitted(metric, width: end - (area.x + 2))
            buffer.setString(area.x + 2, y, name, style: theme[hidden ? .dim : .text], limit: end)
            buffer.setString(valueStart, y, valueText, style: theme[.dim])
        }
    }

    /// "Runs", then "1 ● label   step N" per run (its colour, its toggle key).
    private func renderRuns(_ runs: [String], in area: Rect, buffer: inout Buffer) {
        buffer.setString(area.x, area.y, "Runs", style: theme[.accent])
        for (i, run) in runs.enumerated() where i + 1 < area.height {
            let y = area.y + 1 + i
            let hidden = state.hiddenRuns.contains(run)
            let lastStep = series.filter { $0.run == run }.compactMap { $0.points.last?.step }.max()
            let stepText = hidden ? "hidden" : lastStep.map { "step \($0)" } ?? "no data"
            let stepStart = area.right - stepText.terminalWidth
            buffer.setString(area.x, y, i < 9 ? "\(i + 1)" : " ", style: theme[.key])
            let dotStyle = hidden ? theme[.dim] : runs.count > 1 ? theme.seriesStyle(i) : theme[.text]
            buffer.set(area.x + 2, y, hidden ? "○" : "●", style: dotStyle)
            let name = Self.fitted(run, width: stepStart - 1 - (area.x + 4))
            buffer.setString(area.x + 4, y, name, style: theme[hidden ? .dim : .text], limit: stepStart - 1)
            buffer.setString(stepStart, y, stepText, style: theme[.dim])
        }
    }

    /// The smoothing weight as a slider, then the zoom window.
    private func renderSettings(in area: Rect, buffer: inout Buffer) {
        let label = state.smoothingLabel + " "
        let x = buffer.setString(area.x, area.y, label, style: theme[.text])
        let track = max(0, area.right - x)
        let filled = Int((state.smoothing / CurvesViewState.maximumSmoothing * Double(track)).rounded())
        for i in 0..<track {
            buffer.set(x + i, area.y, i < filled ? "━" : "─", style: i < filled ? theme[.accent] : theme[.dim])
        }
        buffer.setString(area.x, area.y + 1, state.windowLabel, style: theme[.dim], limit: area.right)
    }
}
