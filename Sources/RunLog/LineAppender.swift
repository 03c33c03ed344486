#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only text file of whole lines (JSON Lines streams such as metrics.jsonl and
/// samples.jsonl). Each `append` adds complete lines or nothing (see `WholeAppend`), so the
/// file never keeps half a line, even after a full disk; opening appends, so a resumed run
/// continues the same file (after `LogRewind` has cut it back to the checkpoint).
public final class LineAppender {
    public let path: String
    private let fd: Int32
    /// `write(2)`, replaceable by tests that act out a full disk.
    private let systemWrite: WholeAppend.SystemWrite

    public convenience init(path: String) throws(RunLogError) {
        try self.init(path: path, systemWrite: { write($0, $1, $2) })
    }

    init(path: String, systemWrite: @escaping WholeAppend.SystemWrite) throws(RunLogError) {
        self.path = path
        self.systemWrite = systemWrite
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if fd < 0 { throw RunLogError(path: path, problem: "cannot open for writing (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    /// Writes `lines`, each followed by a newline, whole or not at all.
    public func append(_ lines: [String]) throws(RunLogError) {
        try WholeAppend.append(Array(lines.map { $0 + "\n" }.joined().utf8), to: fd, path: path, using: systemWrite)
    }
}
