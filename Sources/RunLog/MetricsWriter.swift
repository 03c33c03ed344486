#if canImport(Glibc)
import Glibc
#endif

/// Appends `MetricsRecord`s to a metrics.jsonl file, one line per record, each line written
/// with a single `write` so a reader never sees half a line except at the very end of a crash.
public final class MetricsWriter {
    public let path: String
    private let fd: Int32

    /// Opens `path` for appending (creating it), so a resumed run continues the same file.
    public init(path: String) throws(RunLogError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if fd < 0 { throw RunLogError(path: path, problem: "cannot open for writing (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    public func append(_ record: MetricsRecord) throws(RunLogError) {
        let line = Array((record.jsonLine + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != line.count { throw RunLogError(path: path, problem: "short write (\(String(cString: strerror(errno))))") }
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
