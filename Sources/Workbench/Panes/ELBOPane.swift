import Foundation
import MaskedDiffusion
import Terminal

/// ELBO estimation as it converges: estimator, target, units so far, negative ELBO in nats and
/// bits/token with standard errors, cost, and the running estimate ± 1 s.e. against units.
struct ELBOPane: Widget {
    var estimator: ELBOEstimator
    var target: String
    var running: Bool
    /// Stopped by the user, so no progress yet reads "stopped", not "idle".
    var stopped = false
    /// The estimate failed (its reason is in the status bar).
    var failed = false
    var progress: ELBOProgress?
    var maxUnits: Int
    var theme: Theme

    private var stateText: String {
        if running { return "running… (e stops)" }
        if failed { return "failed (e restarts)" }
        if progress?.finished == true { return "done (e runs again)" }
        return progress != nil || stopped ? "stopped (e restarts)" : "idle (e starts)"
    }

    func render(in area: Rect, buffer: inout Buffer) {
        let parts = area.split(.horizontal, [.length(min(46, area.width / 2)), .fill(1)])
        var lines: [Line] = [
            field("estimator", estimator.rawValue + "  (m cycles)"),
            field("target", target),
            field("state", stateText)
        ]
        if let p = progress {
            let units = "\(p.mean.count) / \(maxUnits)"
            lines += [
                field("units", units),
                field("NELBO", p.mean.count > 1 ? String(format: "%.3f ± %.3f nats", p.mean.mean, p.mean.standardError) : "—"),
                field("bits/token", p.mean.count > 1 ? String(format: "%.4f ± %.4f", p.bitsPerToken, p.bitsError) : "—"),
                field("tokens", "\(p.tokens) scored per sequence"),
                field("network rows", "\(p.networkRows)"),
                field("time", String(format: "%.2f s", p.seconds))
            ]
        }
        buffer.render(Paragraph(lines, wrap: false), in: parts[0])
        guard let p = progress, p.history.count >= 2, parts[1].width >= 20 else { return }
        let usable = p.history.filter { $0.error.isFinite && $0.bits.isFinite }
        let points = usable.map { (x: Double($0.units), y: $0.bits) }
        let upper = usable.map { (x: Double($0.units), y: $0.bits + $0.error) }
        let lower = usable.map { (x: Double($0.units), y: $0.bits - $0.error) }
        guard points.count >= 2 else { return }
        let chart = LineChart(
            series: [
                ChartSeries(name: "bits/token", points: points, style: theme.seriesStyle(0)),
                ChartSeries(name: "+1 s.e.", points: upper, style: theme[.dim]),
                ChartSeries(name: "−1 s.e.", points: lower, style: theme[.dim])
            ], axisStyle: theme[.axis], labelStyle: theme[.dim], xTitle: "units")
        buffer.render(chart, in: parts[1])
    }

    private func field(_ name: String, _ value: String) -> Line {
        Line([
            Span(name.padding(toLength: 14, withPad: " ", startingAt: 0), style: theme[.dim]),
            Span(value, style: theme[.text])
        ])
    }
}
