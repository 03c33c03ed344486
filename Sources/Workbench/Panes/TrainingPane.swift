import ESPO
import Foundation
import RunLog
import Terminal

/// Live RL: the run's settings (editable before it starts) and status on the left, the newest
/// completions with their rewards below them, and on the right the metrics `unmask espo` logs as
/// braille curves in the same pane `unmask watch` uses (EMA-smoothed like TensorBoard, the raw
/// values faint behind, zoom, hide/show per metric).
struct TrainingPane: Widget {
    /// The curves shown, in grid order, by their metrics.jsonl keys; charts carry the names
    /// `unmask watch` shows for the same run (`success` is the rollouts', `eval/success` the
    /// held-out greedy one).
    static let metrics = ["reward/mean", "success", "kl", "clip_frac", "elbo_per_token", "eval/success", "grad_norm"]

    var state: TrainingState
    var theme: Theme

    func render(in area: Rect, buffer: inout Buffer) {
        // The settings column grows with the screen (a third of it, 34 to 52 columns), so its
        // lines are not cut on a wide terminal; the curves take the rest.
        let columns = area.split(.horizontal, [.length(min(area.width / 2, max(34, min(52, area.width / 3)))), .fill(1)])
        let left = columns[0].split(.vertical, [.length(TrainingSetting.allCases.count + 5), .fill(1)])
        renderSettings(in: left[0], buffer: &buffer)
        renderSamples(in: left[1], buffer: &buffer)
        renderCurves(in: columns[1], buffer: &buffer)
    }

    private func renderSettings(in area: Rect, buffer: inout Buffer) {
        var y = area.y
        for (i, s) in TrainingSetting.allCases.enumerated() where y < area.bottom {
            let selected = i == state.selectedSetting
            var x = buffer.setString(area.x, y, selected ? "▸ " : "  ", style: theme[.accent], limit: area.right)
            x = buffer.setString(
                x, y, s.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0), style: theme[.dim], limit: area.right)
            _ = buffer.setString(
                x, y, s.value(state.config), style: selected ? theme[.highlight].bold : theme[.text],
                limit: area.right)
            y += 1
        }
        y += 1
        let lines = [
            "round \(state.round)/\(state.config.rounds)", "\(state.curves.smoothingLabel) · \(state.curves.windowLabel)",
            state.status, "run folder " + state.directory
        ]
        // Wrapped, so a long status or run folder is never cut at the column's edge.
        for line in lines {
            let style = line.hasPrefix("failed") ? theme[.error] : theme[.text]
            for row in Paragraph.wrapped(Line(line, style: style), width: area.width) where y < area.bottom {
                row.render(x: area.x, y: y, width: area.width, buffer: &buffer)
                y += 1
            }
        }
    }

    private func renderSamples(in area: Rect, buffer: inout Buffer) {
        guard area.height >= 2 else { return }
        let inner = buffer.panel("Recent completions", in: area, theme: theme)
        // Each sample wraps onto as many rows as it needs; only whole samples are shown.
        var y = inner.y
        for s in state.samples {
            let style = s.reward >= 1 ? theme[.success] : s.reward > 0 ? theme[.warning] : theme[.error]
            let line = Line([
                Span(String(format: "%.2f ", s.reward), style: style), Span(s.prompt + " → ", style: theme[.prompt]),
                Span(s.completion, style: theme[.text])
            ])
            let rows = Paragraph.wrapped(line, width: inner.width)
            guard y + rows.count <= inner.bottom else { break }
            for row in rows {
                row.render(x: inner.x, y: y, width: inner.width, buffer: &buffer)
                y += 1
            }
        }
    }

    private func renderCurves(in area: Rect, buffer: inout Buffer) {
        MetricCurvesPane(
            series: state.series, state: state.curves, theme: theme, showsSidebar: false,
            emptyMessage: "no rounds yet: t starts training"
        ).render(in: area, buffer: &buffer)
    }
}
