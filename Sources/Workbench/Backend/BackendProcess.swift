import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A backend child: `/bin/sh -c COMMAND` with pipes on its stdin, stdout and stderr, in a
/// process group of its own (so `ssh host python …` and a local `python …` are alike, and
/// stopping it reaches every process the shell started).
///
/// Two threads read: stdout in chunks, handed over as whole lines (a chunk's lines together,
/// so the reader can batch them); stderr into a tail of its last lines, kept for error
/// messages. Writes go through a serial queue: a child that stops reading blocks that queue,
/// never the caller (the UI thread).
final class BackendProcess: Sendable {
    /// Lines of stderr kept for messages.
    static let tailLines = 12

    let pid: pid_t
    private let input: Int32
    private let writer = DispatchQueue(label: "unmask-backend-writer")
    private let stderrTail = StderrTail()

    /// Starts `command`. `lines` receives each chunk's complete stdout lines (reader thread);
    /// `exited` the wait status text once stdout closed and the child was reaped.
    init(
        command: String, lines: @escaping @Sendable ([Substring]) -> Void,
        exited: @escaping @Sendable (String) -> Void
    ) throws(BackendProtocolError) {
        signal(SIGPIPE, SIG_IGN)  // a dead child makes writes fail with EPIPE instead of killing us
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            throw BackendProtocolError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        // Our ends must not leak into the child (it would never see EOF on its stdin).
        for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, environ)
        for fd in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(fd) }
        guard status == 0 else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(fd) }
            throw BackendProtocolError(description: "cannot start /bin/sh: \(String(cString: strerror(status)))")
        }
        pid = child
        input = stdinPipe[1]
        BackendReaper.add(child)
        let (out, err, tail, spawned) = (stdoutPipe[0], stderrPipe[0], stderrTail, child)
        Thread { tail.drain(err) }.start()
        Thread {
            Self.readLines(out, lines)
            close(out)
            var wait: Int32 = 0
            while waitpid(spawned, &wait, 0) < 0 && errno == EINTR {}
            BackendReaper.remove(spawned)
            // The exit message quotes stderr: let its reader finish (a grandchild holding stderr
            // open gets a second).
            tail.waitUntilClosed(seconds: 1)
            exited(Self.describe(wait: wait))
        }.start()
    }

    /// Queues `data` for the child's stdin; a dead child's EPIPE is ignored (the exit is
    /// reported by the reader).
    func send(_ data: Data) {
        let fd = input
        writer.async {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }

    /// The last lines the child wrote to stderr, oldest first.
    var tail: String { stderrTail.text }

    /// Closes stdin (a well-behaved backend exits at EOF) and sends SIGTERM to the group.
    func terminate() {
        let (fd, group) = (input, pid)
        writer.async { close(fd) }
        kill(-group, SIGTERM)
    }

    /// Reads `fd` until EOF, handing over each chunk's complete lines.
    static func readLines(_ fd: Int32, _ lines: @Sendable ([Substring]) -> Void) {
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            // Only the bytes just read can hold a newline not yet seen: searching all of `pending`
            // made a long line quadratic (a 4 MB line took 2.3 s, 0.3 s after).
            guard let newline = buffer[0..<n].lastIndex(of: 0x0A) else {
                pending.append(contentsOf: buffer[0..<n])
                continue
            }
            let last = pending.endIndex + newline
            pending.append(contentsOf: buffer[0..<n])
            let text = String(decoding: pending[pending.startIndex..<last], as: UTF8.self)
            pending = Data(pending[(last + 1)...])
            lines(text.split(separator: "\n", omittingEmptySubsequences: true))
        }
    }

    /// A wait status as a person reads it.
    private static func describe(wait: Int32) -> String {
        let signal = wait & 0x7f
        let status = (wait >> 8) & 0xff
        // A shell whose command died of signal N exits with 128 + N.
        if signal == 0 { return "exited with status \(status)" + (status > 128 ? " (signal \(status - 128))" : "") }
        return "killed by signal \(signal)"
    }
}

/// The last lines a child wrote to stderr.
private final class StderrTail: Sendable {
    private let lines = Mutex<[String]>([])
    private let closed = DispatchSemaphore(value: 0)

    /// Reads `fd` to EOF, keeping the last `BackendProcess.tailLines` lines.
    func drain(_ fd: Int32) {
        BackendProcess.readLines(fd) { new in
            lines.withLock { kept in
                kept += new.map(String.init)
                if kept.count > BackendProcess.tailLines { kept.removeFirst(kept.count - BackendProcess.tailLines) }
            }
        }
        close(fd)
        closed.signal()
    }

    func waitUntilClosed(seconds: Double) { _ = closed.wait(timeout: .now() + seconds) }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
