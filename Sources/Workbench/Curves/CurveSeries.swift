/// One value of a metric at one training step.
struct CurvePoint: Sendable, Equatable {
    var step: Int
    /// NaN or ±∞ break the curve (a NaN loss, a missing value).
    var value: Double

}

/// One metric of one run, as the curves pane draws it: the pane overlays the series that share
/// a `name`, one colour per `run`.
///
/// The pane does not care where points come from: `unmask watch` fills these from metric files,
/// the training pane from the engine's round reports.
struct CurveSeries: Sendable, Equatable {
    /// The metric ("reward", "kl", …), after aliasing; one chart per name.
    var name: String
    /// The run's label ("espo-a"); "" when there is only one run and nothing to tell apart.
    var run: String
    /// In step order, at most one point per step.
    var points: [CurvePoint]
    /// Where the run comes in the list of runs (`unmask watch`'s command-line order); runs of
    /// equal order keep their first appearance.
    var runOrder = 0

    init(name: String, run: String = "", points: [CurvePoint]) {
        self.name = name
        self.run = run
        self.points = points
    }

    /// Points from `(step, value)` pairs.
    init(name: String, run: String = "", steps: [(Int, Double)]) {
        self.init(name: name, run: run, points: steps.map { CurvePoint(step: $0.0, value: $0.1) })
    }

    /// Metric names in order of first appearance: the order of the pane's list and grid.
    static func metrics(in series: [CurveSeries]) -> [String] {
        uniqueInOrder(series.map(\.name))
    }

    /// Run labels in order of first appearance: run i gets chart colour i and toggle key i+1.
    static func runs(in series: [CurveSeries]) -> [String] {
        // By runOrder, not first appearance alone: a run without the first metric once took
        // key 2 although named first on the command line.
        let order = Dictionary(series.map { ($0.run, $0.runOrder) }, uniquingKeysWith: min)
        return uniqueInOrder(series.map(\.run)).enumerated()
            .sorted { (order[$0.element]!, $0.offset) < (order[$1.element]!, $1.offset) }.map(\.element)
    }

    private static func uniqueInOrder(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
