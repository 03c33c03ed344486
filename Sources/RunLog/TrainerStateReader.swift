import Foundation

/// Reads the `log_history` of a Hugging Face `trainer_state.json` (saved in every
/// `checkpoint-N/`), and reads it again whenever the file changes.
///
/// HF rewrites the whole file at each save, not atomically, so a file that does not parse is
/// first taken to be mid-write and retried; only if it still fails unchanged on a later poll is
/// it reported. Each `log_history` entry becomes a record: its `step`, every numeric key as a
/// metric (`epoch` included), no wall time (HF does not log one); an entry whose step names no
/// placeable step (NaN, ±∞, beyond ±2⁵³: see `MetricStep`) is skipped with a warning. Python's `json` writes NaN
/// and Infinity bare; `PythonJSON` turns them into `null` (NaN) before the standard decoder reads the file.
public final class TrainerStateReader {
    public let path: String
    /// Files that stayed unreadable, as `path: problem`.
    public private(set) var warnings: [RunLogError] = []
    private var lastRead: Signature?
    private var lastFailed: Signature?
    private var lastReported: Signature?

    /// Size and modification time: what tells a changed file from the one already read.
    private struct Signature: Equatable {
        let size: UInt64
        let modified: Date
    }

    /// HF's file has `log_history`. Unmask's own checkpoints name their state file
    /// `trainer_state.json` too (settings, step, `unmask_version`; no history: the run's curves
    /// are in its metrics.jsonl): such a file has no curves to add and is no reason to warn.
    private struct StateFile: Decodable {
        /// An entry that is not an object (a `null` a writer left) is skipped with a warning.
        let log_history: [[String: JSONScalar]?]?
        let unmask_version: String?
    }

    public init(path: String) { self.path = path }

    /// The whole log history if the file changed since it was last read, or nil.
    public func poll() throws(RunLogError) -> [MetricsRecord]? {
        let signature: Signature
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            signature = Signature(
                size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                modified: attributes[.modificationDate] as? Date ?? .distantPast)
        } catch {
            throw RunLogError(path: path, problem: "cannot open for reading")
        }
        guard signature != lastRead else { return nil }
        let data = Data(PythonJSON.standardized([UInt8](try RegularFile.contents(path))))
        let state = try? JSONDecoder().decode(StateFile.self, from: data)
        if state?.log_history == nil, state?.unmask_version != nil {
            lastRead = signature
            return []
        }
        guard let history = state?.log_history else {
            if signature == lastFailed && signature != lastReported {
                warnings.append(RunLogError(path: path, problem: "not a trainer_state.json with a log_history list"))
                lastReported = signature
            }
            lastFailed = signature
            return nil
        }
        lastRead = signature
        // The file is written whole each time: what was wrong with an earlier version (half
        // written when read) no longer is, and once stayed on screen beside the curves.
        warnings = []
        var records: [MetricsRecord] = []
        entries: for (index, entry) in history.enumerated() {
            guard let entry else {
                warnings.append(RunLogError(path: path, problem: "log_history[\(index)]: not an object; skipped"))
                continue
            }
            var step = index
            var values: [(String, Double)] = []
            for (key, value) in entry.sorted(by: { $0.key < $1.key }) {
                guard case .number(let x) = value else { continue }
                guard key == "step" else { values.append((key, x)); continue }
                switch MetricStep.from(x) {
                case .success(let s): step = s
                case .failure(let problem):
                    warnings.append(RunLogError(path: path, problem: "log_history[\(index)]: \(problem.message)"))
                    continue entries
                }
            }
            records.append(MetricsRecord(step: step, wallTime: .nan, values: values))
        }
        return records
    }
}
