import Foundation
import Terminal

/// The cursor position's beliefs over steps, as the engine recorded them: a summary line (when
/// it was committed, to what, how surely), the argmax probability as a sparkline, then one table
/// row per step it was still masked before — argmax token, its probability p, entropy H (nats)
/// and the top-1 − top-2 margin. `↺` marks an argmax that replaced the previous step's (temporal
/// oscillation), `✓` the step that committed the position; the viewed step is highlighted.
struct CursorBeliefPane: Widget {
    var map: StepPositionMap
    var theme: Theme

    init(map: StepPositionMap, theme: Theme) {
        self.map = map
        self.theme = theme
    }

    func render(in area: Rect, buffer: inout Buffer) {
        guard area.height >= 1, area.width >= 8 else { return }
        _ = buffer.setString(area.x, area.y, fitting(summaries, width: area.width), style: theme[.text], limit: area.right)
        guard area.height >= 2 else { return }
        guard map.recordsBeliefs else {
            let why = ["no beliefs recorded in these steps (older file or backend)", "no beliefs recorded", "no beliefs"]
            _ = buffer.setString(area.x, area.y + 1, fitting(why, width: area.width), style: theme[.dim], limit: area.right)
            return
        }
        guard !map.beliefs.isEmpty else { return }
        var y = area.y + 1
        if area.height >= 5 {
            let x = buffer.setString(area.x, y, "p ", style: theme[.dim], limit: area.right)
            let line = Rect(x: x, y: y, width: area.right - x, height: 1)
            buffer.render(
                Sparkline(map.beliefs.map { Double($0.belief.probability) }, maximum: 1, style: theme[.accent]), in: line)
            y += 1
        }
        let rows = map.beliefs.map { b -> [Span] in
            let mark = (b.changed ? "↺" : " ") + (b.committed ? "✓" : "")
            let p = Double(b.belief.probability)
            let pStyle = theme.usesColor ? theme[.text].fg(theme.gradient(.confidence).color(at: p)) : theme[.text]
            return [
                Span(String(b.step), style: theme[.dim]), Span("'\(b.label)'", style: theme[.text].bold),
                Span(String(format: "%.2f", p), style: pStyle),
                Span(String(format: "%.2f", Double(b.belief.entropy)), style: theme[.text]),
                Span(String(format: "%.2f", Double(b.belief.margin)), style: theme[.text]),
                Span(mark, style: b.changed ? theme[.warning] : theme[.success])
            ]
        }
        let viewed = map.beliefs.lastIndex { $0.step <= map.viewedStep }
        let stepWidth = max(4, String(map.totalSteps).count)
        // The margin column gives way before a token is cut ('<answer>' in a narrow pane).
        let labelWidth = max(6, rows.map { $0[1].text.terminalWidth }.max() ?? 0)
        let keepsMargin = stepWidth + labelWidth + 4 + 5 + 6 + 2 + 5 <= area.width
        let header = ["step", "argmax", "p", "H", "margin", ""]
        var widths: [Constraint] = [.length(stepWidth), .min(labelWidth), .length(4), .length(5), .length(6), .length(2)]
        var shown = rows
        if !keepsMargin {
            widths.remove(at: 4)
            shown = rows.map {
                var r = $0; r.remove(at: 4); return r
            }
        }
        buffer.render(
            Table(
                header: keepsMargin ? header : header.filter { $0 != "margin" }, rows: shown, widths: widths,
                headerStyle: theme[.dim], selected: viewed, highlightStyle: theme[.highlight].reversed),
            in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
    }

    /// What the cursor's position came to, longest wording first.
    var summaries: [String] {
        guard let column = map.cursorColumn else { return ["prompt position: not generated", "prompt"] }
        if column.pinned, let step = column.step, let label = map.cursorLabel {
            return ["@\(map.cursor) pinned '\(label)' by you, from step \(step)", "◆ '\(label)' from step \(step)"]
        }
        guard let step = column.step, let confidence = column.confidence, let label = map.cursorLabel else {
            return ["@\(map.cursor) not committed by the sampler", "@\(map.cursor) not committed"]
        }
        let p = String(format: "%.2f", Double(confidence))
        return [
            "@\(map.cursor) committed '\(label)' at step \(step), p \(p)", "✓ '\(label)' at step \(step), p \(p)",
            "✓ '\(label)' step \(step)"
        ]
    }

    /// The first text that fits in `width` columns (the last one otherwise).
    func fitting(_ texts: [String], width: Int) -> String {
        texts.first { $0.terminalWidth <= width } ?? texts.last ?? ""
    }
}
