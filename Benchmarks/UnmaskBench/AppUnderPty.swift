import Foundation
import MaskedDiffusion

#if canImport(Glibc)
    import Glibc
#endif

/// A program running on a pseudo-terminal this process owns, as a user's terminal would run it:
/// stdin, stdout and stderr on the slave side, a reader thread on the master side that stamps
/// every chunk of output with the monotonic clock and feeds a `ScreenModel`.
///
/// ```swift
/// let app = try AppUnderPty(executable: path, arguments: ["tui"], width: 120, height: 40)
/// defer { app.kill() }
/// let t = app.send("j")                      // monotonic seconds of the write
/// let seen = app.waitForChunk(after: index) { $0.containsMarker }
/// ```
final class AppUnderPty: @unchecked Sendable {
    /// One read from the master side.
    struct Chunk {
        var time: Double
        /// The chunk (or its seam with the previous one) holds these bytes.
        var containsMarker: Bool
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let launchTime: Double
    private let master: Int32
    /// Guards everything below; signalled on every chunk and at end of output.
    private let condition = NSCondition()
    private var chunks: [Chunk] = []
    private var screen: ScreenModel
    private var outputEnded = false
    private var exitStatus: Int32?
    private var screenCheck: (@Sendable (ScreenModel) -> Bool)?
    private var screenCheckTime: Double?
    private let marker: [UInt8]

    /// This process's environment as a 256-colour UTF-8 terminal outside tmux sees it: what every
    /// pty bench gives the workbench, so their figures compare.
    static func terminalEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        for name in ["COLORTERM", "NO_COLOR", "TMUX"] { environment[name] = nil }
        return environment
    }

    /// `marker`: bytes whose arrival `Chunk.containsMarker` reports (e.g. a selection glyph);
    /// `directory`: the program's working folder (where its exports land), else this process's.
    init(
        executable: String, arguments: [String], environment: [String: String], width: Int, height: Int,
        marker: [UInt8], directory: String? = nil
    ) throws {
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else {
            throw LaunchError(description: "openpty failed: \(String(cString: strerror(errno)))")
        }
        defer { close(slave) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)

        // A working folder through `sh -c 'cd …; exec …'`: exec keeps the pid, and Swift's Glibc
        // lacks posix_spawn_file_actions_addchdir_np.
        let command =
            directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let start = monotonicSeconds()
        // Same process group as the bench, so Ctrl-C on `make bench` ends both.
        let rc = posix_spawn(&child, command[0], &actions, nil, argv, envp)
        guard rc == 0 else {
            close(master)
            throw LaunchError(description: "cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
        launchTime = start
        self.master = master
        self.marker = marker
        screen = ScreenModel(width: width, height: height)
        let reader = Thread { [self] in readOutput() }
        reader.name = "pty-reader"
        reader.start()
    }

    deinit { close(master) }

    // MARK: Input

    /// Writes `bytes` to the program's terminal; returns the monotonic time just before the write.
    @discardableResult
    func send(_ bytes: String) -> Double {
        let t = monotonicSeconds()
        let data = Array(bytes.utf8)
        _ = data.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        return t
    }

    // MARK: Output

    /// Chunks read so far.
    var chunkCount: Int { condition.withLock { chunks.count } }

    /// The first chunk at index ≥ `index` that satisfies `accept`, waiting up to `timeout` seconds.
    func waitForChunk(from index: Int, timeout: Double, _ accept: (Chunk) -> Bool) -> Chunk? {
        waitUntil(timeout: timeout) { chunks[min(index, chunks.count)...].first(where: accept) }
    }

    /// Waits until the emulated screen satisfies `check`; returns the arrival time of the chunk
    /// that made it so (the reader evaluates `check` after every chunk), or nil on timeout.
    func waitForScreen(timeout: Double, _ check: @escaping @Sendable (ScreenModel) -> Bool) -> Double? {
        condition.withLock {
            screenCheck = check
            screenCheckTime = check(screen) ? chunks.last?.time ?? launchTime : nil
        }
        defer { condition.withLock { screenCheck = nil } }
        return waitUntil(timeout: timeout) { screenCheckTime }
    }

    func screenText() -> String { condition.withLock { (0..<screen.height).map(screen.line).joined(separator: "\n") } }

    /// Evaluates `probe` under the lock after every chunk until it returns a value or time runs out.
    private func waitUntil<T>(timeout: Double, _ probe: () -> T?) -> T? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = probe() { return found }
            if outputEnded || !condition.wait(until: deadline) { return probe() }
        }
    }

    private func readOutput() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var seam: [UInt8] = []  // the previous chunk's tail, so a marker split across reads is found
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            let t = monotonicSeconds()
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }  // EIO once the slave side has no more users
            let bytes = seam + buffer[0..<n]
            let found = contains(bytes, marker)
            seam = Array(bytes.suffix(marker.count - 1))
            condition.withLock {
                chunks.append(Chunk(time: t, containsMarker: found))
                screen.feed(buffer[0..<n])
                if screenCheckTime == nil, let check = screenCheck, check(screen) { screenCheckTime = t }
                condition.broadcast()
            }
        }
        condition.withLock {
            outputEnded = true
            condition.broadcast()
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { i in haystack[i..<(i + needle.count)].elementsEqual(needle) }
    }

    // MARK: Process

    /// Exit status once the program has ended (reaped here), or nil while it runs.
    func pollExit() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return exitStatus
    }

    /// Waits up to `timeout` seconds for the program to end.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            if let s = pollExit() { return s }
            usleep(20_000)
        }
        return pollExit()
    }

    /// Ends the program now if it still runs (SIGKILL) and reaps it. Idempotent.
    func kill() {
        guard pollExit() == nil else { return }
        Glibc.kill(pid, SIGKILL)
        _ = waitForExit(timeout: 5)
    }

    // MARK: CPU

    /// CPU seconds of the main thread (its task id is the pid) and of the whole process (its
    /// live threads): the scheduler's nanosecond run time (/proc/…/schedstat), else utime + stime
    /// in clock ticks (/proc/…/stat, 10 ms steps). Nil once the process is gone.
    func cpuSeconds() -> (mainThread: Double, process: Double)? {
        func seconds(_ task: String) -> Double? {
            let folder = "/proc/\(pid)/task/\(task)"
            return Self.runSeconds(folder + "/schedstat") ?? Self.statSeconds(folder + "/stat")
        }
        guard let main = seconds("\(pid)"),
            let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        else { return nil }
        return (main, tasks.compactMap(seconds).reduce(0, +))
    }

    /// The first field of a schedstat file: nanoseconds spent on a CPU.
    private static func runSeconds(_ path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let first = text.split(separator: " ").first, let ns = Double(first)
        else { return nil }
        return ns / 1e9
    }

    /// utime + stime (fields 14 and 15) of a /proc stat file.
    private static func statSeconds(_ path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let u = Double(fields[11]), let s = Double(fields[12]) else { return nil }
        return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
