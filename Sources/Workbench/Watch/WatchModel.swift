import Foundation
import RunLog

/// The runs `unmask watch` follows, read into curves: one `RunFolderWatcher` per run, its
/// merged, aliased series turned into `CurveSeries` labelled with the run.
///
/// Not thread-safe: one thread polls (`WatchPoller`) and hands out `snapshot` values. A poll
/// only reads files whose size or modification time changed, and copies only the points that
/// changed (`RunFolderWatcher.changedFrom`), so polling a quiet run costs a `stat` per file and
/// a growing one the new points.
public final class WatchModel {
    let sources: [WatchSource]
    private let watchers: [RunFolderWatcher]
    /// Per run (in `sources` order): metric → its curve.
    private var curves: [[String: CurveSeries]]
    private(set) var snapshot = WatchSnapshot()

    /// Metrics shown first, in this order (docs/file-formats.md §7's RL metrics, then training
    /// health); the rest follow alphabetically, evaluation metrics last.
    static let leadingMetrics = [
        "reward", "success", "kl", "clip_ratio", "completion_length", "elbo_per_token", "loss",
        "grad_norm", "entropy", "reward_std", "frac_reward_zero_std", "lr"
    ]

    public init(sources: [WatchSource], aliases: MetricAliases = .standard) {
        self.sources = sources
        watchers = sources.map { RunFolderWatcher(path: $0.path, aliases: aliases, searchDepth: $0.depth) }
        curves = Array(repeating: [:], count: sources.count)
    }

    /// Reads what changed since the last poll; with `discoverNewFiles` it also looks for new
    /// files (a restarted writer's new event file, a new checkpoint's trainer_state.json).
    /// Returns whether `snapshot` changed.
    @discardableResult
    func poll(discoverNewFiles: Bool = true) -> Bool {
        var changed = snapshot.polls == 0
        for (i, watcher) in watchers.enumerated() {
            let filesBefore = watcher.files.count
            for name in watcher.poll(discoverNewFiles: discoverNewFiles) {
                guard let metric = watcher.series[name] else { continue }
                // Copy only what changed: usually a few points appended to a long series.
                var curve = curves[i][name] ?? CurveSeries(name: name, run: sources[i].label, points: [])
                curve.runOrder = i
                let from = min(watcher.changedFrom[name] ?? 0, curve.points.count)
                curve.points.removeSubrange(from...)
                curve.points += metric.points[from...].map { CurvePoint(step: $0.step, value: $0.value) }
                curves[i][name] = curve
                changed = true
            }
            if watcher.files.count != filesBefore { changed = true }
        }
        // With several runs a warning names its run: "metrics.jsonl:4" alone was ambiguous.
        let warnings = zip(watchers, sources).flatMap { watcher, source in
            watcher.warnings.map { Self.shortDescription($0, run: watchers.count > 1 ? source.label : nil) }
        }
        if warnings != snapshot.warnings { changed = true }
        guard changed else { return false }
        snapshot = WatchSnapshot(series: orderedSeries(), runs: runSummaries(), warnings: warnings, polls: snapshot.polls + 1)
        return true
    }

    private func orderedSeries() -> [CurveSeries] {
        let names = Set(curves.flatMap(\.keys))
        return Self.displayOrder(of: names).flatMap { name in curves.compactMap { $0[name] } }
    }

    private func runSummaries() -> [WatchSnapshot.Run] {
        sources.indices.map { i in
            WatchSnapshot.Run(
                label: sources[i].label, path: sources[i].path, files: watchers[i].files.count,
                lastStep: curves[i].values.compactMap { $0.points.last?.step }.max())
        }
    }

    /// `leadingMetrics` first, then other training metrics, then `eval/` and `test/` ones,
    /// alphabetically within each group.
    static func displayOrder(of names: Set<String>) -> [String] {
        func rank(_ name: String) -> (Int, Int, String) {
            if let i = leadingMetrics.firstIndex(of: name) { return (0, i, name) }
            let evaluation = name.hasPrefix("eval/") || name.hasPrefix("test/")
            return (evaluation ? 2 : 1, 0, name)
        }
        return names.sorted { rank($0) < rank($1) }
    }

    /// A warning naming its file by the file's name (the status bar is one line).
    static func shortDescription(_ error: RunLogError, run: String? = nil) -> String {
        // A checkpoint's file by its folder too: every HF checkpoint holds a trainer_state.json.
        let folder = ((error.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let file = (error.path as NSString).lastPathComponent
        let name = (run.map { $0 + ": " } ?? "") + (folder.hasPrefix("checkpoint-") ? folder + "/" + file : file)
        return error.line.map { "\(name):\($0): \(error.problem)" } ?? "\(name): \(error.problem)"
    }
}
