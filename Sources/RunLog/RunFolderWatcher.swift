import Foundation

/// Follows every metric stream of a run and merges them into one series per metric.
///
/// Given a folder, it follows `metrics.jsonl`, TensorBoard `events.out.tfevents.*` files and
/// HF `trainer_state.json` files in the folder and up to two levels below — HF and TRL write
/// `<output_dir>/runs/<date>_<host>/events…` and `<output_dir>/checkpoint-N/trainer_state.json`.
/// Each `poll` looks for files that appeared since the last one (a restarted writer starts a
/// new event file) and reads what was appended to the known ones. Given a single file, it
/// follows just that file. Names go through `MetricAliases`; each series keeps the raw names.
///
/// Polling is cheap when nothing happened: a file whose size, modification time and inode are
/// those of the last read is not opened again (one `stat` each), and the folder walk that finds
/// new files can be skipped (`poll(discoverNewFiles: false)`) for callers polling often.
///
/// Problems never stop the watcher: unreadable records and files land in `warnings`, and a
/// file that disappears (an old checkpoint deleted by `save_total_limit`) is quietly dropped.
public final class RunFolderWatcher {
    public let path: String
    public let aliases: MetricAliases
    /// Metric name (after aliasing) → its merged values.
    public private(set) var series: [String: MetricSeries] = [:]
    /// For each series the last `poll` changed: the index of its first point that changed
    /// (points before it are as they were), so a consumer copies only the new tail.
    public private(set) var changedFrom: [String: Int] = [:]
    private var sources: [String: Source] = [:]
    /// Each file's signature when it was last read: an unchanged file is not read again.
    private var signatures: [String: FileSignature] = [:]
    private var ownWarnings: [RunLogError] = []
    private var hasDiscovered = false
    /// Per writer scope and metric (after aliasing), the last step an event file gave: a step at
    /// or below it is a writer started again (a new event file from step 0 in the folder; HF's
    /// resumed or repeated training in a new `runs/<date>/` of the same output folder), and the
    /// points from that step on are the old run's. TensorBoard purges them so within a folder;
    /// they once stayed plotted, the old run's last value as the headline, and a resumed HF run
    /// zigzagged between its two writers. The scope is the event file's folder, or for HF's
    /// `runs/<date>/` folders their `runs/` together; other folders (a sweep's seeds merged in
    /// one watch) never purge each other. Event files are read oldest first, by the seconds in
    /// their names (`readOrder`): path order puts `runs/Feb…` before `runs/Jan…`.
    private var lastEventStep: [String: Int] = [:]

    /// How deep below a run's folder stream files are looked for by default.
    public static let searchDepth = 2
    /// How deep below `path` this watcher looks.
    private let searchDepth: Int

    private enum Source {
        case jsonl(MetricsReader)
        case events(EventFileReader)
        case trainerState(TrainerStateReader)

        /// A reader for `path` if it is a stream file: by exact name when found in a folder,
        /// by extension too when the user named the file.
        init?(path: String, named: Bool = false) {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(EventFileWriter.namePrefix) || (named && name.contains("tfevents")) {
                self = .events(EventFileReader(path: path))
            } else if name == "metrics.jsonl" || (named && name.hasSuffix(".jsonl")) {
                self = .jsonl(MetricsReader(path: path))
            } else if name == "trainer_state.json" || (named && name.hasSuffix(".json")) {
                self = .trainerState(TrainerStateReader(path: path))
            } else {
                return nil
            }
        }

        static func isStreamFile(_ name: String) -> Bool {
            name == "metrics.jsonl" || name == "trainer_state.json" || name.hasPrefix(EventFileWriter.namePrefix)
        }

        /// Whether a file the user named is one of the streams (`init?(path:named: true)`).
        static func isNamedStreamFile(_ name: String) -> Bool {
            name.contains("tfevents") || name.hasSuffix(".jsonl") || name.hasSuffix(".json")
        }

        /// Whether a file unchanged since its last read has nothing new. Not so for
        /// trainer_state.json: a failed parse is retried unchanged before it is reported (and
        /// `TrainerStateReader` checks the file's signature itself).
        var isAppendOnly: Bool {
            if case .trainerState = self { return false }
            return true
        }

        var warnings: [RunLogError] {
            switch self {
            case .jsonl(let r): r.warnings
            case .events(let r): r.warnings
            case .trainerState(let r): r.warnings
            }
        }
    }

    /// Follows `path`, looking for stream files down to `searchDepth` folders below it.
    public init(path: String, aliases: MetricAliases = .standard, searchDepth: Int = RunFolderWatcher.searchDepth) {
        self.path = path
        self.aliases = aliases
        self.searchDepth = searchDepth
    }

    /// Whether a file of this name, found in a folder, is one the watcher follows.
    public static func isStreamFile(name: String) -> Bool { Source.isStreamFile(name) }

    /// Whether `path`, named on its own (not found in a folder), is a file the watcher can follow:
    /// a TensorBoard event file (name containing "tfevents"), JSON Lines (`.jsonl`) or a
    /// trainer_state-style `.json`. Lets a command reject a wrong file before it starts.
    public static func canFollow(file path: String) -> Bool {
        Source.isNamedStreamFile((path as NSString).lastPathComponent)
    }

    /// The files being followed, in name order.
    public var files: [String] { sources.keys.sorted() }

    /// `files` as they are read: event files by the Unix seconds their names begin with
    /// (`events.out.tfevents.<seconds>.<host>…`, when they were created), then by path; the
    /// others (no time in the name) first.
    private var readOrder: [String] {
        func created(_ file: String) -> Int {
            EventFileWriter.creationSeconds(ofFileNamed: (file as NSString).lastPathComponent) ?? 0
        }
        return files.map { (created($0), $0) }.sorted { $0 < $1 }.map(\.1)
    }

    /// Everything that went wrong so far, per file in name order.
    public var warnings: [RunLogError] { ownWarnings + files.flatMap { sources[$0]!.warnings } }

    /// Finds new files (unless `discoverNewFiles` is false) and reads new data from the files
    /// that changed since their last read; returns the names of the series that changed.
    @discardableResult
    public func poll(discoverNewFiles: Bool = true) -> Set<String> {
        if discoverNewFiles || !hasDiscovered { addNewFiles() }
        changedFrom = [:]
        var changed: Set<String> = []
        for file in readOrder {
            // Taken before reading, so bytes appended during the read are read next time.
            let signature = FileSignature(path: file)
            if let signature, signature == signatures[file], sources[file]!.isAppendOnly { continue }
            do {
                try read(sources[file]!, changed: &changed)
                signatures[file] = signature
            } catch {
                signatures[file] = nil
                let source = sources.removeValue(forKey: file)!
                ownWarnings += source.warnings.filter { !ownWarnings.contains($0) }
                if FileManager.default.fileExists(atPath: file) && !ownWarnings.contains(error) { ownWarnings.append(error) }
            }
        }
        return changed
    }

    private func addNewFiles() {
        hasDiscovered = true
        // A run removed while watched keeps its curves on screen: say that it is gone (it once
        // just showed "0 files").
        let gone = RunLogError(path: path, problem: "removed while watched; its curves are as last read")
        if FileManager.default.fileExists(atPath: path) {
            ownWarnings.removeAll { $0 == gone }
        } else if !ownWarnings.contains(gone) {
            ownWarnings.append(gone)
        }
        let (found, named) = discover()
        for file in found where sources[file] == nil {
            sources[file] = Source(path: file, named: named)
            let unknown = RunLogError(path: file, problem: "not a metrics.jsonl, event file or trainer_state.json")
            if sources[file] == nil && !ownWarnings.contains(unknown) { ownWarnings.append(unknown) }
        }
    }

    private func read(_ source: Source, changed: inout Set<String>) throws(RunLogError) {
        switch source {
        case .jsonl(let reader):
            let records = try reader.poll()
            // A log cut back (a resumed run drops the steps after its checkpoint): the steps past
            // what it now holds are no longer the run's. They once stayed plotted until the run
            // passed them again.
            if reader.restarted { dropSteps(after: records.map(\.step).max() ?? Int.min, changed: &changed) }
            for record in records { add(record, changed: &changed) }
        case .events(let reader):
            let folder = (reader.path as NSString).deletingLastPathComponent
            let parent = (folder as NSString).deletingLastPathComponent
            let scope = (parent as NSString).lastPathComponent == "runs" ? parent : folder
            for p in try reader.poll() {
                let name = aliases.canonicalName(for: p.tag), key = scope + "/" + name
                if let last = lastEventStep[key], p.step <= last { dropSteps(of: name, from: p.step, changed: &changed) }
                lastEventStep[key] = p.step
                add(p.tag, MetricPoint(step: p.step, wallTime: p.wallTime, value: p.value), changed: &changed)
            }
        case .trainerState(let reader):
            for record in try reader.poll() ?? [] { add(record, changed: &changed) }
        }
    }

    private func dropSteps(after step: Int, changed: inout Set<String>) {
        for name in series.keys {
            guard let index = series[name]!.removeSteps(after: step) else { continue }
            changedFrom[name] = min(changedFrom[name] ?? index, index)
            changed.insert(name)
        }
    }

    private func dropSteps(of name: String, from step: Int, changed: inout Set<String>) {
        guard let index = series[name]?.removeSteps(after: step - 1) else { return }
        changedFrom[name] = min(changedFrom[name] ?? index, index)
        changed.insert(name)
    }

    private func add(_ record: MetricsRecord, changed: inout Set<String>) {
        for (name, value) in record.values {
            add(name, MetricPoint(step: record.step, wallTime: record.wallTime, value: value), changed: &changed)
        }
    }

    private func add(_ rawName: String, _ point: MetricPoint, changed: inout Set<String>) {
        let name = aliases.canonicalName(for: rawName)
        let index = series[name, default: MetricSeries(name: name)].insert(point, rawName: rawName)
        changedFrom[name] = min(changedFrom[name] ?? index, index)
        changed.insert(name)
    }

    /// Stream files under `path`, skipping hidden entries; or `path` itself (`named`) if it is a file.
    private func discover() -> (files: [String], named: Bool) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return ([], false) }
        guard isDirectory.boolValue else { return ([path], true) }
        return (Self.streamFiles(under: path, depth: searchDepth), false)
    }

    /// The stream files in folder `path` and in its folders down to `depth` below it, skipping
    /// hidden entries.
    public static func streamFiles(under path: String, depth searchDepth: Int) -> [String] {
        var isDirectory: ObjCBool = false
        var found: [String] = []
        var folders = [(path, 0)]
        while let (folder, depth) = folders.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where !name.hasPrefix(".") {
                let child = folder + "/" + name
                guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if depth < searchDepth { folders.append((child, depth + 1)) }
                } else if Source.isStreamFile(name) {
                    found.append(child)
                }
            }
        }
        return found
    }
}
