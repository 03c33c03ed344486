import MaskedDiffusion
import Terminal

/// The held-out sweep as the README's sampler table, filled in live: one row per config (its
/// figure — success, or a text model's NELBO/token —, mean NFE, time; "…" while it decodes, "—"
/// before), a state line, and the figure against mean NFE for the finished configs when there is
/// room beside the table.
struct SweepPane: Widget {
    var sweep: SweepState
    var theme: Theme

    init(sweep: SweepState, theme: Theme) {
        self.sweep = sweep
        self.theme = theme
    }

    /// Columns: config, the figure, mean NFE, seconds.
    static let numberWidths = [10, 9, 9]

    /// Width the table needs to show every label and figure whole.
    var tableWidth: Int {
        let label = max(6, sweep.configs.map(\.label.terminalWidth).max() ?? 0)
        return 2 + label + Self.numberWidths.reduce(0) { $0 + $1 + 1 }
    }

    func render(in area: Rect, buffer: inout Buffer) {
        // The chart beside the table when it gets 24 columns, else below it when it gets 6 rows.
        let tableHeight = sweep.configs.count + 2
        let left: Rect, chartArea: Rect?
        if area.width - tableWidth - 2 >= 24 {
            let parts = area.split(.horizontal, [.length(tableWidth), .length(2), .fill(1)])
            (left, chartArea) = (parts[0], parts[2])
        } else if area.height - tableHeight >= 6 {
            let parts = area.split(.vertical, [.length(tableHeight), .length(1), .fill(1)])
            (left, chartArea) = (parts[0], parts[2])
        } else {
            (left, chartArea) = (area, nil)
        }
        buffer.render(
            Paragraph([Line([Span(stateLine, style: sweep.error == nil ? theme[.dim] : theme[.error])])], wrap: true),
            in: Rect(x: left.x, y: left.y, width: left.width, height: 1))
        let results = sweep.progress?.results ?? []
        let rows: [[Span]] = sweep.configs.enumerated().map { i, c in
            let r = i < results.count ? results[i] : nil
            let pending = sweep.running && i == results.count ? "…" : "—"
            return [
                Span(c.label, style: theme[.text]),
                Span(r.map { Self.format($0.figure) } ?? pending, style: theme[.accent]),
                Span(r.map { String(format: "%.1f", $0.meanNFE) } ?? "", style: theme[.text]),
                Span(r.map { String(format: "%.1f s", $0.seconds) } ?? "", style: theme[.dim])
            ]
        }
        let table = Table(
            header: ["config", sweep.source.figureName, "mean NFE", "time"], rows: rows,
            widths: [.fill(1)] + Self.numberWidths.map { .length($0) }, headerStyle: theme[.dim].bold,
            highlightSymbol: "  ")
        buffer.render(table, in: Rect(x: left.x, y: left.y + 1, width: left.width, height: max(0, left.height - 1)))
        guard let chartArea, results.count >= 2 else { return }
        let series = chartSeries(results)
        let legend = Self.legendRows(series.map(\.name), width: chartArea.width)
        // The legend over the plot, not in it, so it never hides a point; dropped only when the plot
        // would keep fewer than 3 rows (5 with its axis).
        let legendHeight = chartArea.height - legend.count >= 5 ? legend.count : 0
        for (row, entries) in legend.prefix(legendHeight).enumerated() {
            var x = chartArea.x
            for i in entries {
                buffer.set(x, chartArea.y + row, "━", style: series[i].style)
                x = buffer.setString(x + 2, chartArea.y + row, series[i].name, style: theme[.dim], limit: chartArea.right) + 2
            }
        }
        buffer.render(
            LineChart(series: series, axisStyle: theme[.axis], labelStyle: theme[.dim], legend: .hidden, xTitle: "mean NFE"),
            in: Rect(
                x: chartArea.x, y: chartArea.y + legendHeight, width: chartArea.width,
                height: chartArea.height - legendHeight))
    }

    /// The legend's entries ("━ name", two spaces apart) flowed into rows of `width` cells: the
    /// indices of the names on each row.
    static func legendRows(_ names: [String], width: Int) -> [[Int]] {
        var rows: [[Int]] = [], used = 0
        for (i, name) in names.enumerated() {
            let w = 2 + name.terminalWidth
            if rows.isEmpty || used + 2 + w > width {
                rows.append([i])
                used = w
            } else {
                rows[rows.count - 1].append(i)
                used += 2 + w
            }
        }
        return rows
    }

    /// The finished configs as one trade-off curve per sampler (strategy, and cache mode when it
    /// caches), each in NFE order: joining one sampler's points to another's would draw a trade-off
    /// no sampler has. A sampler with one finished config is a dot.
    func chartSeries(_ results: [SweepResult]) -> [ChartSeries] {
        var names: [String] = []
        var points: [String: [(x: Double, y: Double)]] = [:]
        for (config, result) in zip(sweep.configs, results) {
            let name = Self.samplerName(config.config)
            if points[name] == nil { names.append(name) }
            points[name, default: []].append((x: result.meanNFE, y: Self.value(result.figure)))
        }
        return names.enumerated().map { i, name in
            ChartSeries(name: name, points: points[name]!.sorted { $0.x < $1.x }, style: theme.seriesStyle(i))
        }
    }

    /// "threshold", or "llada prefix cache" for a sampler that caches keys and values.
    static func samplerName(_ config: SamplerConfig) -> String {
        config.strategy.rawValue + (config.usesCache ? " \(config.cache.rawValue) cache" : "")
    }

    /// A figure as its table cell: "62.5%" or "2.345" (nats per token).
    static func format(_ figure: SweepFigure) -> String {
        switch figure {
        case let .success(rate, _): String(format: "%.1f%%", 100 * rate)
        case let .nelboPerToken(nats): String(format: "%.3f", nats)
        }
    }

    /// A figure as a chart value: success in percent, NELBO in nats per token.
    static func value(_ figure: SweepFigure) -> Double {
        switch figure {
        case let .success(rate, _): 100 * rate
        case let .nelboPerToken(nats): nats
        }
    }

    /// "N prompts · config i/n · done/total items", "done", or the failure.
    var stateLine: String {
        if let error = sweep.error { return "failed: " + error }
        guard let p = sweep.progress else { return sweep.running ? "starting…" : "stopped" }
        let head = "\(p.items) held-out prompts per config"
        if p.finished { return head + " · done" }
        guard sweep.running else { return head + " · stopped after \(p.results.count)/\(sweep.configs.count)" }
        return head + " · config \(p.results.count + 1)/\(sweep.configs.count) · \(p.itemsDone)/\(p.items) prompts"
    }
}

extension SweepSource {
    /// The figure's column header and series name.
    var figureName: String {
        switch self {
        case .task: "success"
        case .text: "NELBO/tok"
        }
    }

    /// The panel's caption: what the chart plots, and which way is better.
    var chartCaption: String {
        switch self {
        case .task: "success % vs mean NFE"
        case .text: "NELBO/token vs mean NFE · lower is better"
        }
    }
}
