import ESPO
import Foundation
import RunLog
import Terminal

/// Live RL: the run's settings (editable before it starts) and status on the left, a grid of
/// braille curves of the metrics `unmask espo` logs on the right (EMA-smoothed like TensorBoard,
/// the raw values faint behind), and the newest completions with their rewards below.
public struct TrainingPane: Widget {
    /// The curves shown, in grid order: (metrics.jsonl name, title).
    public static let metrics: [(name: String, title: String)] = [
        ("reward/mean", "reward"), ("success", "success (rollouts)"), ("kl", "KL"),
        ("clip_frac", "clip fraction"), ("elbo_per_token", "ELBO / token"), ("eval/success", "held-out success"),
    ]

    public var state: TrainingState
    public var theme: Theme

    public init(state: TrainingState, theme: Theme) {
        self.state = state
        self.theme = theme
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let columns = area.split(.horizontal, [.length(min(34, area.width / 3)), .fill(1)])
        let left = columns[0].split(.vertical, [.length(TrainingSetting.allCases.count + 4), .fill(1)])
        renderSettings(in: left[0], buffer: &buffer)
        renderSamples(in: left[1], buffer: &buffer)
        renderCurves(in: columns[1], buffer: &buffer)
    }

    private func renderSettings(in area: Rect, buffer: inout Buffer) {
        var y = area.y
        for (i, s) in TrainingSetting.allCases.enumerated() where y < area.bottom {
            let selected = i == state.selectedSetting
            var x = buffer.setString(area.x, y, selected ? "▸ " : "  ", style: theme[.accent], limit: area.right)
            x = buffer.setString(x, y, s.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0), style: theme[.dim], limit: area.right)
            _ = buffer.setString(x, y, s.value(state.config), style: selected ? theme[.highlight].bold : theme[.text],
                                 limit: area.right)
            y += 1
        }
        y += 1
        let progress = "round \(state.round)/\(state.config.rounds) · smoothing \(format(state.smoothing))"
            + (state.window.map { " · last \($0) steps" } ?? "")
        for line in [progress, state.status, "run folder " + state.directory] where y < area.bottom {
            let style = line.hasPrefix("failed") ? theme[.error] : theme[.text]
            _ = buffer.setString(area.x, y, line, style: style, limit: area.right)
            y += 1
        }
    }

    private func renderSamples(in area: Rect, buffer: inout Buffer) {
        guard area.height >= 2 else { return }
        let inner = buffer.panel("Recent completions", in: area, theme: theme)
        for (i, s) in state.samples.prefix(inner.height).enumerated() {
            let style = s.reward >= 1 ? theme[.success] : s.reward > 0 ? theme[.warning] : theme[.error]
            var x = buffer.setString(inner.x, inner.y + i, String(format: "%.2f ", s.reward), style: style, limit: inner.right)
            x = buffer.setString(x, inner.y + i, s.prompt + " → ", style: theme[.prompt], limit: inner.right)
            _ = buffer.setString(x, inner.y + i, s.completion, style: theme[.text], limit: inner.right)
        }
    }

    private func renderCurves(in area: Rect, buffer: inout Buffer) {
        let columns = area.width >= 90 ? 3 : 2
        let rows = (Self.metrics.count + columns - 1) / columns
        let rowRects = area.split(.vertical, Array(repeating: .fill(1), count: rows))
        for (r, rowRect) in rowRects.enumerated() {
            let cells = rowRect.split(.horizontal, Array(repeating: .fill(1), count: columns))
            for (c, cell) in cells.enumerated() {
                let index = r * columns + c
                guard index < Self.metrics.count else { continue }
                renderCurve(Self.metrics[index], index: index, in: cell, buffer: &buffer)
            }
        }
    }

    private func renderCurve(_ metric: (name: String, title: String), index: Int, in area: Rect, buffer: inout Buffer) {
        var points = state.records.compactMap { r in r[metric.name].map { (x: Double(r.step), y: $0) } }
        if let window = state.window, let last = points.last?.x { points = points.filter { $0.x > last - Double(window) } }
        let latest = points.last.map { format(($0.y * 1000).rounded() / 1000) } ?? "—"
        let inner = buffer.panel(metric.title, right: latest, in: area, theme: theme)
        guard points.count >= 2, inner.height >= 3 else {
            _ = buffer.setString(inner.x, inner.y, points.isEmpty ? "no data yet" : "1 point", style: theme[.dim], limit: inner.right)
            return
        }
        let ys = points.map(\.y)
        let smoothed = Smoothing.tensorBoardEMA(ys, weight: state.smoothing)
        var series = [ChartSeries(name: metric.title, points: zip(points, smoothed).map { (x: $0.x, y: $1) },
                                  style: theme.seriesStyle(index))]
        if !state.hidden.contains("raw"), state.smoothing > 0 {
            series.insert(ChartSeries(name: "raw", points: points, style: theme[.dim]), at: 0)
        }
        buffer.render(LineChart(series: series, axisStyle: theme[.axis], labelStyle: theme[.dim], legend: .hidden), in: inner)
    }
}
