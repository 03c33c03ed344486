/// What the watch screen shows at one moment: every run's curves, each run's files and newest
/// step, and the problems met so far. A value, handed from the polling thread to the UI.
public struct WatchSnapshot: Sendable {
    struct Run: Sendable, Equatable {
        var label: String
        var path: String
        /// Metric files being followed.
        var files: Int
        /// The newest step of any of its metrics; nil before the first point.
        var lastStep: Int?
    }

    /// Metrics in display order (RL headline metrics first), runs in command-line order within each.
    var series: [CurveSeries]
    var runs: [Run]
    /// Problems so far, oldest first, naming the file by its name: "events.out.tfevents.…: byte
    /// 1234: record data fails its CRC-32C; record skipped", "metrics.jsonl:12: not a JSON object…".
    var warnings: [String]
    /// Completed polls: 0 until the files have been read once.
    var polls: Int

    init(series: [CurveSeries] = [], runs: [Run] = [], warnings: [String] = [], polls: Int = 0) {
        self.series = series
        self.runs = runs
        self.warnings = warnings
        self.polls = polls
    }
}
