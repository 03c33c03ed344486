/// Appends `MetricsRecord`s to a metrics.jsonl file, one line per record (see `LineAppender`).
public final class MetricsWriter {
    private let file: LineAppender
    public var path: String { file.path }

    /// Opens `path` for appending (creating it), so a resumed run continues the same file.
    public init(path: String) throws(RunLogError) {
        file = try LineAppender(path: path)
    }

    public func append(_ record: MetricsRecord) throws(RunLogError) {
        try file.append([record.jsonLine])
    }
}

/// A run-log file that cannot be read or written, with the file and the problem.
public struct RunLogError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int?
    public let problem: String

    public init(path: String, line: Int? = nil, problem: String) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String { line.map { "\(path):\($0): \(problem)" } ?? "\(path): \(problem)" }
}
