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
    private(set) var sources: [WatchSource]
    private var watchers: [RunFolderWatcher]
    private let aliases: MetricAliases
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
        self.aliases = aliases
        watchers = sources.map { RunFolderWatcher(path: $0.path, aliases: aliases, searchDepth: $0.depth) }
        curves = Array(repeating: [:], count: sources.count)
    }

    /// A folder named on the command line may gain runs while watched (a sweep's next run in a
    /// log directory, the second run of one watched while it held one): its runs are looked for
    /// again, those already followed kept as read. A run that disappears stays, with its curves
    /// (its watcher says it was removed); a folder followed whole that splits into runs gives
    /// way to them, which read its files afresh. Returns whether the runs changed.
    private func rediscoverRuns() -> Bool {
        var runs: [(path: String, depth: Int, root: String?)] = []
        func add(_ run: (path: String, depth: Int, root: String?)) {
            if !runs.contains(where: { $0.path == run.path && $0.depth == run.depth }) { runs.append(run) }
        }
        // Runs already followed keep their places (and keys, colours); new ones come last.
        var found: [(root: String, runs: [(path: String, depth: Int)])] = []
        for source in sources {
            guard let root = source.root, FileManager.default.fileExists(atPath: root) else {
                add((source.path, source.depth, source.root))
                continue
            }
            if !found.contains(where: { $0.root == root }) { found.append((root, WatchSource.runs(in: root))) }
            let runsNow = found.first { $0.root == root }!.runs
            // Dropped only when it was the folder followed whole, now split into runs.
            if source.path != root || runsNow.contains(where: { $0.path == source.path && $0.depth == source.depth }) {
                add((source.path, source.depth, root))
            }
        }
        for (root, runsNow) in found {
            // A folder once split stays split: followed whole again (its runs down to one, a
            // listing that failed) it would read its runs' files a second time.
            let split = sources.contains { $0.root == root && $0.path != root }
            for run in runsNow where !(split && run.path == root && run.depth == RunFolderWatcher.searchDepth) {
                add((run.path, run.depth, root))
            }
        }
        guard runs.map(\.path) != sources.map(\.path) || runs.map(\.depth) != sources.map(\.depth) else { return false }
        // Runs already followed keep their labels (hidden runs are known by label; a file deleted
        // since would be labelled afresh by its name alone); new runs get theirs among all.
        let old = sources.enumerated().map { (key: "\($0.element.depth) \($0.element.path)", index: $0.offset) }
        var next = WatchSource.labelled(runs)
        for i in next.indices {
            if let j = old.first(where: { $0.key == "\(next[i].depth) \(next[i].path)" })?.index {
                next[i] = sources[j]
            }
        }
        for i in next.indices where next[..<i].contains(where: { $0.label == next[i].label }) {
            next[i] = WatchSource(
                path: next[i].path, label: next[i].label + " (\(i + 1))", depth: next[i].depth, root: next[i].root)
        }
        var nextWatchers: [RunFolderWatcher] = [], nextCurves: [[String: CurveSeries]] = []
        for (i, source) in next.enumerated() {
            if let j = old.first(where: { $0.key == "\(source.depth) \(source.path)" })?.index {
                nextWatchers.append(watchers[j])
                nextCurves.append(
                    curves[j].mapValues { curve in
                        var c = curve
                        (c.run, c.runOrder) = (source.label, i)
                        return c
                    })
            } else {
                nextWatchers.append(RunFolderWatcher(path: source.path, aliases: aliases, searchDepth: source.depth))
                nextCurves.append([:])
            }
        }
        (sources, watchers, curves) = (next, nextWatchers, nextCurves)
        return true
    }

    /// Reads what changed since the last poll; with `discoverNewFiles` it also looks for new
    /// files (a restarted writer's new event file, a new checkpoint's trainer_state.json).
    /// Returns whether `snapshot` changed.
    @discardableResult
    func poll(discoverNewFiles: Bool = true) -> Bool {
        var changed = snapshot.polls == 0
        if discoverNewFiles && rediscoverRuns() { changed = true }
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
            watcher.warnings.map {
                Self.shortDescription($0, run: watchers.count > 1 ? source.label : nil, runPath: source.path)
            }
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
    static func shortDescription(_ error: RunLogError, run: String? = nil, runPath: String? = nil) -> String {
        // A checkpoint's file by its folder too: every HF checkpoint holds a trainer_state.json.
        let folder = ((error.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let file = (error.path as NSString).lastPathComponent
        let place = folder.hasPrefix("checkpoint-") ? folder + "/" + file : file
        // A problem of the run's folder itself is named once ("r2: removed…", not "r2: r2: …").
        let name = error.path == runPath ? run ?? place : (run.map { $0 + ": " } ?? "") + place
        return error.line.map { "\(name):\($0): \(error.problem)" } ?? "\(name): \(error.problem)"
    }
}
