import Terminal

/// What one chart of the curves pane shows, worked out from the series and the view state
/// before anything is drawn (so tests can check the numbers, not just the dots).
///
/// Smoothing runs over each whole series and only then is the series cut to the zoom window,
/// as TensorBoard does: zooming never changes a smoothed value.
struct CurveChart {
    /// One run's curve in this chart.
    struct Line {
        var run: String
        /// Index into the theme's series colours.
        var colorIndex: Int
        /// The points inside the window.
        var raw: [CurvePoint]
        /// TensorBoard EMA of the whole series, cut like `raw` (equal to the raw values at 0).
        var smoothed: [Double]

        /// The newest finite logged value and its step (text shows logged values; smoothing
        /// only shapes the curve).
        var last: (step: Int, value: Double)? {
            raw.last { $0.value.isFinite }.map { ($0.step, $0.value) }
        }
    }

    var metric: String
    var lines: [Line]
    /// The x range drawn: the window ending at the newest step, or nil for the data's own range.
    var stepRange: ClosedRange<Int>?

    /// The chart of `metric`: one line per run that logs it and is not hidden. Colours go by run
    /// when there are several runs, by metric when there is one (so a single run's charts differ).
    init(metric: String, series: [CurveSeries], state: CurvesViewState) {
        self.metric = metric
        let runs = CurveSeries.runs(in: series)
        let metricIndex = CurveSeries.metrics(in: series).firstIndex(of: metric) ?? 0
        var lines: [Line] = []
        for s in series where s.name == metric && !state.hiddenRuns.contains(s.run) {
            let values = s.points.map(\.value)
            let smoothed = state.smoothing > 0 ? Smoothing.tensorBoardEMA(values, weight: state.smoothing) : values
            let runIndex = runs.firstIndex(of: s.run) ?? 0
            lines.append(Line(run: s.run, colorIndex: runs.count > 1 ? runIndex : metricIndex, raw: s.points, smoothed: smoothed))
        }
        stepRange = nil
        if let window = state.window, let newest = lines.compactMap({ $0.raw.last?.step }).max() {
            let (start, overflow) = newest.subtractingReportingOverflow(window)
            let range = (overflow ? Int.min : start)...newest
            stepRange = range
            for i in lines.indices {
                let first = lines[i].raw.firstIndex { $0.step >= range.lowerBound } ?? lines[i].raw.count
                lines[i].raw.removeFirst(first)
                lines[i].smoothed.removeFirst(first)
            }
        }
        self.lines = lines
    }
}
