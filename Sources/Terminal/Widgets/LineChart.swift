/// One curve of a `LineChart`.
public struct ChartSeries: Sendable {
    public var name: String
    /// (x, y) pairs in x order; non-finite y values break the line.
    public var points: [(x: Double, y: Double)]
    /// Its foreground colour is the line colour.
    public var style: Style

    public init(name: String, points: [(x: Double, y: Double)], style: Style) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// Points at x = 0, 1, 2, …
    public init(name: String, values: [Double], style: Style) {
        self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) }, style: style)
    }
}

/// Several series as braille lines over axes with 1-2-5 ticks, a legend with each series' last
/// value, and optional TensorBoard EMA smoothing (the raw curve stays visible, dimmed, beneath).
public struct LineChart: Widget {
    public enum LegendPosition: Sendable {
        case topRight, topLeft, hidden
    }

    public var series: [ChartSeries]
    /// Fixed ranges; taken from the data when nil (y widened to whole tick steps).
    public var xBounds: (Double, Double)?
    public var yBounds: (Double, Double)?
    /// TensorBoard smoothing weight in [0, 1); 0 draws the raw data only.
    public var smoothing: Double
    public var axisStyle: Style
    public var labelStyle: Style
    public var legend: LegendPosition
    /// Name of the x quantity, drawn at the right end of the x labels ("step").
    public var xTitle: String?

    public init(
        series: [ChartSeries], xBounds: (Double, Double)? = nil, yBounds: (Double, Double)? = nil,
        smoothing: Double = 0, axisStyle: Style = .none, labelStyle: Style = .none,
        legend: LegendPosition = .topRight, xTitle: String? = nil
    ) {
        self.series = series
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.smoothing = smoothing
        self.axisStyle = axisStyle
        self.labelStyle = labelStyle
        self.legend = legend
        self.xTitle = xTitle
    }

    /// The curves as drawn: smoothed when smoothing is on.
    public var smoothedSeries: [[Double]] {
        series.map { s in
            let ys = s.points.map(\.y)
            return smoothing > 0 ? Smoothing.tensorBoardEMA(ys, weight: smoothing) : ys
        }
    }

    /// A y range for a flat curve at v: half of |v| either side (one unit around 0), never below 0
    /// for a non-negative v, so a held-out success of 0.57 sits mid-chart, not on a −1…2 axis,
    /// and a clip fraction of 0 reads 0…1.
    static func boundsAround(_ v: Double) -> (Double, Double) {
        let d = v == 0 ? 1 : abs(v) / 2
        return (v >= 0 ? max(0, v - d) : v - d, v + d)
    }

    /// Ticks of the x axis; on whole-number x (steps) never closer than 1, so a chart of one or
    /// two steps reads "0  1", not "0.0  0.5  1.0".
    static func xTicks(_ lo: Double, _ hi: Double, count: Int, integral: Bool) -> NiceTicks {
        let ticks = NiceTicks(lo, hi, count: count)
        guard integral, ticks.step > 0, ticks.step < 1, hi > lo, (hi - lo).isFinite else { return ticks }
        return NiceTicks(lo, hi, count: max(1, Int(hi - lo)))
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 8, area.height >= 4 else { return }
        let smoothed = smoothedSeries
        let plotRows = area.height - 2
        let yCount = max(2, plotRows / 3)

        var ys = smoothed.flatMap { $0 }
        if smoothing > 0 { ys += series.flatMap { $0.points.map(\.y) } }
        ys = ys.filter(\.isFinite)
        var (ylo, yhi) = yBounds ?? (ys.min() ?? 0, ys.max() ?? 1)
        if ylo == yhi { (ylo, yhi) = Self.boundsAround(ylo) }
        if yBounds == nil { (ylo, yhi) = NiceTicks.niceBounds(ylo, yhi, count: yCount) }
        let yTicks = NiceTicks(ylo, yhi, count: yCount)
        let yLabels = yTicks.labels
        let labelWidth = yLabels.map(\.terminalWidth).max() ?? 1

        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var (xlo, xhi) = xBounds ?? (xs.min() ?? 0, xs.max() ?? 1)
        if xlo == xhi { xhi = xlo + 1 }

        let plot = Rect(x: area.x + labelWidth + 1, y: area.y, width: area.width - labelWidth - 1, height: plotRows)
        guard plot.width >= 2 else { return }
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        func dotX(_ x: Double) -> Int? { ChartScale.dot(ChartScale.fraction(x, from: xlo, to: xhi), dots: canvas.dotWidth) }
        func dotY(_ y: Double) -> Int? { ChartScale.dot(1 - ChartScale.fraction(y, from: ylo, to: yhi), dots: canvas.dotHeight) }

        // Axes: y labels right-aligned against "┤" ticks; x axis with "┬" ticks and centred labels.
        let axisRow = plot.bottom, axisCol = plot.x - 1
        for y in plot.y..<plot.bottom { buffer.set(axisCol, y, "│", style: axisStyle) }
        for x in plot.x..<plot.right { buffer.set(x, axisRow, "─", style: axisStyle) }
        buffer.set(axisCol, axisRow, "└", style: axisStyle)
        for (v, label) in zip(yTicks.values, yLabels) {
            guard let dot = dotY(v) else { continue }
            let row = plot.y + dot / 4
            guard row >= plot.y, row < plot.bottom else { continue }
            buffer.set(axisCol, row, "┤", style: axisStyle)
            buffer.setString(axisCol - label.terminalWidth, row, label, style: labelStyle)
        }
        let xTicks = Self.xTicks(xlo, xhi, count: max(2, plot.width / 12), integral: xs.allSatisfy { $0.rounded() == $0 })
        var labelEnd = area.x
        let titleStart = xTitle.map { area.right - $0.terminalWidth } ?? area.right
        for (v, label) in zip(xTicks.values, xTicks.labels) {
            guard let dot = dotX(v) else { continue }
            let col = plot.x + dot / 2
            guard col >= plot.x, col < plot.right else { continue }
            buffer.set(col, axisRow, "┬", style: axisStyle)
            let start = min(max(col - label.terminalWidth / 2, labelEnd + 1), area.right - label.terminalWidth)
            if start + label.terminalWidth < titleStart - 1, start > labelEnd || labelEnd == area.x {
                labelEnd = buffer.setString(start, axisRow + 1, label, style: labelStyle)
            }
        }
        if let xTitle, titleStart > labelEnd { buffer.setString(titleStart, axisRow + 1, xTitle, style: labelStyle) }

        // Raw curves first (dimmed) so the smoothed ones draw over them; layer n+i is raw series i.
        let n = series.count
        func draw(_ xsOf: [(x: Double, y: Double)], _ values: [Double], layer: Int) {
            var previous: (Int, Int)?
            for (p, y) in zip(xsOf, values) {
                guard let px = dotX(p.x), let py = dotY(y) else { previous = nil; continue }
                let point = (px, py)
                if let q = previous {
                    canvas.line(q.0, q.1, point.0, point.1, layer: layer)
                } else {
                    canvas.set(point.0, point.1, layer: layer)
                }
                previous = point
            }
        }
        if smoothing > 0 {
            for (i, s) in series.enumerated() { draw(s.points, s.points.map(\.y), layer: n + i) }
        }
        for (i, s) in series.enumerated() { draw(s.points, smoothed[i], layer: i) }
        canvas.render(at: plot.x, plot.y, styles: series.map(\.style) + series.map { $0.style.dim }, buffer: &buffer)

        renderLegend(in: plot, smoothed: smoothed, step: yTicks.step, buffer: &buffer)
    }

    private func renderLegend(in plot: Rect, smoothed: [[Double]], step: Double, buffer: inout Buffer) {
        guard legend != .hidden, !series.isEmpty else { return }
        let entries = series.enumerated().map { i, s -> String in
            let last = smoothed[i].last(where: \.isFinite).map { " " + NiceTicks.format($0, step: step / 100) } ?? ""
            return s.name + last
        }
        let width = (entries.map(\.terminalWidth).max() ?? 0) + 3
        guard width <= plot.width / 2, entries.count <= max(1, plot.height / 2) else { return }
        let x = legend == .topRight ? plot.right - width : plot.x + 1
        for (i, entry) in entries.enumerated() {
            let y = plot.y + i
            buffer.fill(Rect(x: x, y: y, width: width, height: 1), " ", style: .none)
            buffer.set(x + 1, y, "━", style: series[i].style)
            buffer.setString(x + 3, y, entry, style: labelStyle, limit: plot.right)
        }
    }
}
