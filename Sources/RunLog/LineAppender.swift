#if canImport(Glibc)
import Glibc
#endif

/// An append-only text file of whole lines (JSON Lines streams such as metrics.jsonl and
/// samples.jsonl). Each `append` is a single `write` of complete lines, so a reader following
/// the file never sees half a line except at the very end of a crash; opening appends, so a
/// resumed run continues the same file.
public final class LineAppender {
    public let path: String
    private let fd: Int32

    public init(path: String) throws(RunLogError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if fd < 0 { throw RunLogError(path: path, problem: "cannot open for writing (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    /// Writes `lines`, each followed by a newline, in one system call.
    public func append(_ lines: [String]) throws(RunLogError) {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count { throw RunLogError(path: path, problem: "short write (\(String(cString: strerror(errno))))") }
    }
}
