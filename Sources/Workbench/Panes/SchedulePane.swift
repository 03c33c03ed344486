import Foundation
import MaskedDiffusion
import Terminal

/// The schedule editor: every knob of the edited config with its value (the selected one
/// marked), then the plan — expected masked tokens after each step as a braille curve — and the
/// NFE it will cost (with a key/value cache also the compute in full passes, and the saving).
/// The app re-samples on every change.
struct SchedulePane: Widget {
    var config: SamplerConfig
    var seed: UInt64
    var selected: Int
    var plan: SamplingPlan
    var theme: Theme
    /// The model's own token numbering where it differs from the engine's (`ScheduleKnob.value`).
    var ids: TokenIdMap?

    /// `promptLength`: what the sampled sequences start with (the cache's saving depends on it).
    init(config: SamplerConfig, seed: UInt64, selected: Int, theme: Theme, promptLength: Int = 0, ids: TokenIdMap? = nil) {
        self.ids = ids
        self.config = config
        self.seed = seed
        self.selected = selected
        self.theme = theme
        plan = config.plan(promptLength: promptLength)
    }

    /// The first knob shown when `count` knobs share `rows` lines: 0 while they all fit, else as
    /// far down as keeps the selected one on screen (at 80×24 the panel once cut the list and `+`
    /// changed a knob nobody could see). Mouse clicks map rows to knobs through this too.
    static func firstShownKnob(selected: Int, count: Int, rows: Int) -> Int {
        guard count > rows, rows > 0 else { return 0 }
        return min(max(0, selected - rows + 1), count - rows)
    }

    func render(in area: Rect, buffer: inout Buffer) {
        let knobs = ScheduleKnob.visible(for: config)
        let first = Self.firstShownKnob(selected: selected, count: knobs.count, rows: area.height)
        var y = area.y
        for (i, knob) in knobs.enumerated().dropFirst(first) where y < area.bottom {
            let mark = i == selected ? "▸ " : "  "
            let style = i == selected ? theme[.highlight].bold : theme[.text]
            var x = buffer.setString(area.x, y, mark, style: theme[.accent], limit: area.right)
            x = buffer.setString(
                x, y, knob.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0), style: theme[.dim],
                limit: area.right)
            _ = buffer.setString(x, y, knob.value(config, seed: seed, ids: ids), style: style, limit: area.right)
            y += 1
        }
        // How many knobs are above and below the shown ones (both on one line when there is one).
        let below = knobs.count - first - (y - area.y)
        let up = first > 0 ? "↑\(first)" : "", down = below > 0 ? "↓\(below)" : ""
        let marks = y - area.y == 1 ? [(area.y, up + down)] : [(area.y, up), (y - 1, down)]
        for (row, mark) in marks where !mark.isEmpty {
            _ = buffer.setString(area.right - mark.count - 1, row, mark, style: theme[.dim], limit: area.right)
        }
        guard area.bottom - y >= 4 else { return }
        y += 1
        let label =
            switch plan.certainty {
            case .exact: "NFE "
            case .expected: "E[NFE] "
            case .atMost: "NFE ≤ "
            }
        let nfe = label + format((plan.nfe * 10).rounded() / 10)
        _ = buffer.setString(area.x, y, "masked per step · " + nfe, style: theme[.title], limit: area.right)
        y += 1
        if config.usesCache {
            let saved = Int((100 * (1 - plan.passEquivalents / max(plan.nfe, 1e-9))).rounded())
            let compute = "compute \(format((plan.passEquivalents * 10).rounded() / 10)) passes (−\(saved)%)"
            _ = buffer.setString(area.x, y, compute, style: theme[.title], limit: area.right)
            y += 1
        }
        let chart = LineChart(
            series: [ChartSeries(name: "masked", values: plan.masked, style: theme.seriesStyle(0))],
            yBounds: (0, max(1, plan.masked.first ?? 1)), axisStyle: theme[.axis],
            labelStyle: theme[.dim], legend: .hidden, xTitle: "step")
        buffer.render(chart, in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
    }
}
