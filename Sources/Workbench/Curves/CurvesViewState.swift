/// How the curves pane shows its series: everything the user changes with keys, as one value the
/// host keeps between frames (the pane itself is stateless).
///
/// Smoothing is TensorBoard's debiased EMA weight in 0…0.99 (0 = raw only). `window` shows the
/// last N steps of each chart (nil = all steps); zoom steps through 1-2-5 values (…, 100, 200,
/// 500, 1k, …). Hidden metrics drop out of the grid; hidden runs out of every chart.
public struct CurvesViewState: Sendable, Equatable {
    /// One chart per visible metric when there is room, or the selected metric alone.
    public enum Layout: Sendable, Equatable {
        case grid, single
    }

    static let maximumSmoothing = 0.99
    /// What one `+` / `-` changes the smoothing by.
    static let smoothingStep = 0.05
    /// The narrowest zoom, in steps.
    static let minimumWindow = 10

    var smoothing: Double
    /// Last N steps of each chart; nil shows all steps.
    var window: Int?
    var layout: Layout
    /// The metric the list cursor is on (and the one `.single` shows); nil = the first.
    var selectedMetric: String?
    var hiddenMetrics: Set<String>
    var hiddenRuns: Set<String>

    public init(
        smoothing: Double = 0.6, window: Int? = nil, layout: Layout = .grid, selectedMetric: String? = nil,
        hiddenMetrics: Set<String> = [], hiddenRuns: Set<String> = []
    ) {
        self.smoothing = min(max(smoothing, 0), Self.maximumSmoothing)
        self.window = window
        self.layout = layout
        self.selectedMetric = selectedMetric
        self.hiddenMetrics = hiddenMetrics
        self.hiddenRuns = hiddenRuns
    }

    /// The selected metric among `metrics`: `selectedMetric` if it is there, else the first.
    func selected(in metrics: [String]) -> String? {
        if let selectedMetric, metrics.contains(selectedMetric) { return selectedMetric }
        return metrics.first
    }

    /// Changes smoothing by `steps` × 0.05, kept in 0…0.99 and on whole hundredths.
    mutating func smooth(by steps: Int) {
        let raw = smoothing + Double(steps) * Self.smoothingStep
        smoothing = min(max((raw * 100).rounded() / 100, 0), Self.maximumSmoothing)
    }

    /// Narrows the window to the next 1-2-5 value below the current one; `span` is the number of
    /// steps the data covers (what "all" means).
    mutating func zoomIn(span: Int) {
        let current = window ?? max(span, Self.minimumWindow)
        window = Self.niceWindows(upTo: current).last { $0 < current } ?? Self.minimumWindow
    }

    /// Widens the window to the next 1-2-5 value; once that covers `span`, shows all steps.
    mutating func zoomOut(span: Int) {
        guard let current = window else { return }
        let (limit, overflow) = current.multipliedReportingOverflow(by: 10)
        let next = overflow ? Int.max : Self.niceWindows(upTo: limit).first { $0 > current } ?? Int.max
        window = next >= span ? nil : next
    }

    /// 10, 20, 50, 100, … up to and including the first value ≥ `limit` (or the last that
    /// fits in an Int).
    private static func niceWindows(upTo limit: Int) -> [Int] {
        var values: [Int] = []
        var decade = minimumWindow
        while values.last.map({ $0 < limit }) ?? true {
            for factor in [1, 2, 5] {
                let (value, overflow) = decade.multipliedReportingOverflow(by: factor)
                if overflow { return values }
                values.append(value)
            }
            let (next, overflow) = decade.multipliedReportingOverflow(by: 10)
            if overflow { return values }
            decade = next
        }
        return values
    }

    /// Moves the selection `offset` places through `metrics`, wrapping around.
    mutating func selectMetric(offset: Int, in metrics: [String]) {
        guard !metrics.isEmpty else { return }
        let current = selected(in: metrics).flatMap { metrics.firstIndex(of: $0) } ?? 0
        let n = metrics.count
        selectedMetric = metrics[((current + offset) % n + n) % n]
    }

    mutating func toggleMetric(_ name: String) {
        if hiddenMetrics.remove(name) == nil { hiddenMetrics.insert(name) }
    }

    mutating func toggleRun(_ label: String) {
        if hiddenRuns.remove(label) == nil { hiddenRuns.insert(label) }
    }

    /// Applies a key's action to the view of `series` (which decides what "next metric",
    /// "run 3" and "all steps" mean).
    mutating func perform(_ action: CurvesAction, on series: [CurveSeries]) {
        let metrics = CurveSeries.metrics(in: series)
        switch action {
        case .nextMetric: selectMetric(offset: 1, in: metrics)
        case .previousMetric: selectMetric(offset: -1, in: metrics)
        case .toggleMetric: if let m = selected(in: metrics) { toggleMetric(m) }
        case .toggleLayout: layout = layout == .grid ? .single : .grid
        case .showAll:
            hiddenMetrics = []
            hiddenRuns = []
        case .smoothMore: smooth(by: 1)
        case .smoothLess: smooth(by: -1)
        case .zoomIn: zoomIn(span: Self.stepSpan(of: series))
        case .zoomOut: zoomOut(span: Self.stepSpan(of: series))
        case .zoomAll: window = nil
        case .toggleRun(let i):
            let runs = CurveSeries.runs(in: series)
            if runs.indices.contains(i) { toggleRun(runs[i]) }
        }
    }

    /// Steps covered by all the series together (last step − first step), saturating at
    /// `Int.max` for steps near the ends of the range (foreign event files log any Int64).
    static func stepSpan(of series: [CurveSeries]) -> Int {
        let firsts = series.compactMap { $0.points.first?.step }, lasts = series.compactMap { $0.points.last?.step }
        guard let lo = firsts.min(), let hi = lasts.max() else { return 0 }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        return overflow ? Int.max : max(span, 0)
    }

    /// "EMA 0.60" or "raw".
    var smoothingLabel: String {
        smoothing == 0 ? "raw" : "EMA " + CurveValueFormat.fixed(smoothing, decimals: 2)
    }

    /// "all steps" or "last 500 steps".
    var windowLabel: String {
        window.map { "last \(CurveValueFormat.count($0)) steps" } ?? "all steps"
    }
}
