import Foundation

/// Reads a metrics.jsonl file, and keeps reading it as it grows.
///
/// Only complete lines are parsed: a last line without its newline is a record still being
/// written, so it is kept back and retried on the next `poll`, never reported as corrupt. A
/// complete line that is not a JSON object is skipped and reported in `warnings` with its line
/// number. Numbers become metrics; `null` becomes NaN; strings, booleans and nested values are
/// ignored. A record without `step` takes its line number as its step; a record whose step
/// names no placeable step (null, ±∞, beyond ±2⁵³: see `MetricStep`) or is not a number is
/// skipped with a warning.
public final class MetricsReader {
    public let path: String
    /// Complete lines that could not be read, as `path:line: problem`.
    public private(set) var warnings: [RunLogError] = []
    private var offset: UInt64 = 0
    private var pending: [UInt8] = []
    private var lineNumber = 0
    /// Whether the last `poll` found the file shorter than what was read and started over (a
    /// resumed run cuts its log back to its checkpoint): what was read before may be stale.
    public private(set) var restarted = false

    public init(path: String) { self.path = path }

    /// Records appended since the last call (all of them on the first call).
    public func poll() throws(RunLogError) -> [MetricsRecord] {
        let bytes = try readNewBytes()
        pending += bytes
        var records: [MetricsRecord] = []
        var start = 0
        while let nl = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            let line = pending[start..<nl]
            start = nl + 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            switch parse(Data(line)) {
            case .success(let r): records.append(r)
            case .failure(let problem): warnings.append(RunLogError(path: path, line: lineNumber, problem: problem.message))
            }
        }
        pending.removeFirst(start)
        return records
    }

    private func readNewBytes() throws(RunLogError) -> [UInt8] {
        let handle = try RegularFile.openForReading(path)
        defer { try? handle.close() }
        do {
            let end = try handle.seekToEnd()
            restarted = end < offset
            if restarted {  // truncated or replaced: start over
                offset = 0
                pending = []
                lineNumber = 0
            }
            try handle.seek(toOffset: offset)
            let data = try handle.readToEnd() ?? Data()
            offset += UInt64(data.count)
            return Array(data)
        } catch {
            throw RunLogError(path: path, problem: "read failed (\(error))")
        }
    }

    private func parse(_ line: Data) -> Result<MetricsRecord, MetricStep.Problem> {
        guard let object = try? JSONDecoder().decode([String: JSONScalar].self, from: line) else {
            return .failure(MetricStep.Problem("not a JSON object; line skipped"))
        }
        var step = lineNumber - 1
        var wallTime = Double.nan
        var values: [(String, Double)] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard case .number(let x) = value else {
                // A step that is text or a list would otherwise fall back to the line number
                // without a word, and place the record where its writer did not put it.
                if key == "step" || key == "global_step" {
                    return .failure(MetricStep.Problem("\(key) is not a number; record skipped"))
                }
                continue
            }
            switch key {
            case "step", "global_step":
                switch MetricStep.from(x) {
                case .success(let s): step = s
                case .failure(let problem): return .failure(problem)
                }
            case "wall_time", "time", "timestamp": wallTime = x
            default: values.append((key, x))
            }
        }
        return .success(MetricsRecord(step: step, wallTime: wallTime, values: values))
    }
}

/// A JSON value as far as a metrics line cares: a number (null = NaN) or something else.
enum JSONScalar: Decodable {
    case number(Double)
    case other

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .number(.nan)
        } else if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            self = .other
        }
    }
}
