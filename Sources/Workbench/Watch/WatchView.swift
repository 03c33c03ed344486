import Terminal

/// The watch screen: a title row, the curves pane, the key hints and a status row.
///
/// ```
///  Unmask watch · trl-grpo, espo                                       default · 256 colours
/// ╭ Metrics 9/9 ──────╮╭ reward ──────────────╮╭ kl ────────────────────╮
/// …
///  Down next metric · Space hide / show metric · Enter grid / one chart · + smoother · …
///  watching 2 runs · 3 files                                               EMA 0.60 · all steps
/// ```
extension WatchApp {
    public func render(into buffer: inout Buffer) {
        let t = theme
        let rows = buffer.area.split(.vertical, [.length(1), .fill(1), .length(1), .length(1)])
        buffer.setStyle(buffer.area, t[.background])
        StatusBar(
            left: Line([
                Span("Unmask watch", style: t[.title]), Span(" · " + runLabels.joined(separator: ", "), style: t[.dim])
            ]),
            right: Line("\(t.name) · \(depth)", style: t[.dim])
        )
        .render(in: rows[0], buffer: &buffer)
        // Short enough for the chart area beside the sidebar at 100 columns (it was cut there).
        let waiting = snapshot.polls == 0 ? "reading…" : "waiting for metrics (metrics.jsonl, event files, trainer_state.json)"
        MetricCurvesPane(series: snapshot.series, state: view, theme: t, emptyMessage: waiting)
            .render(in: rows[1], buffer: &buffer)
        KeyHintBar(keyMap: Self.keyMap, style: t[.dim], keyStyle: t[.key]).render(in: rows[2], buffer: &buffer)
        // A warning or notice takes the whole row (the sidebar shows the settings too).
        let quiet = notice == nil && snapshot.warnings.isEmpty
        StatusBar(left: statusLine, right: Line(quiet ? view.smoothingLabel + " · " + view.windowLabel : ""), style: t[.status])
            .render(in: rows[3], buffer: &buffer)
        if showHelp {
            HelpOverlay(
                keyMap: Self.keyMap, style: t[.background].patched(with: t[.text]), borderStyle: t[.borderFocused],
                titleStyle: t[.title], groupStyle: t[.accent], keyStyle: t[.key]
            )
            .render(in: rows[1], buffer: &buffer)
        }
    }

    public func renderTooSmall(into buffer: inout Buffer) {
        TooSmallScreen(needed: minimumSize, style: theme[.background], goodStyle: theme[.success], badStyle: theme[.error])
            .render(in: buffer.area, buffer: &buffer)
    }

    /// The runs as the latest snapshot has them (a log directory gains runs as the watch goes
    /// on), else as the command line gave them.
    private var runLabels: [String] { snapshot.runs.isEmpty ? sources.map(\.label) : snapshot.runs.map(\.label) }

    /// "watching N runs" once the files were read (the ready marker end-to-end tests wait for),
    /// then a theme notice, or the newest warning (file name and byte offset first, so a narrow
    /// screen cuts the explanation, not the place), or the number of files followed.
    private var statusLine: Line {
        let t = theme
        let runs = runLabels.count == 1 ? "1 run" : "\(runLabels.count) runs"
        guard snapshot.polls > 0 else { return Line("reading \(runs)…", style: t[.dim]) }
        var spans = [Span("watching \(runs)", style: t[.success])]
        if let notice {
            spans.append(Span(" · " + notice, style: t[.warning]))
        } else if let newest = snapshot.warnings.last {
            let count = snapshot.warnings.count
            spans.append(Span(" · \(count) \(count == 1 ? "warning" : "warnings"): \(newest)", style: t[.warning]))
        } else {
            let files = snapshot.runs.reduce(0) { $0 + $1.files }
            spans.append(Span(" · \(files) \(files == 1 ? "file" : "files")"))
        }
        return Line(spans)
    }
}
