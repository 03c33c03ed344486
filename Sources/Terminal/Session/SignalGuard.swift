import CNcurses

#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide signal handling for a curses session.
///
/// * SIGINT/SIGTERM/SIGHUP/SIGQUIT only set a flag that the loop checks, so the app leaves through its
///   normal path (endwin, cleanup, final message). Installed before `newterm`, which otherwise
///   installs ncurses' own handler that `_exit(1)`s without running cleanup (docs/platform.md §3).
/// * Traps (SIGILL, SIGTRAP, SIGSEGV, SIGABRT, SIGBUS, SIGFPE) run a crash guard: leave curses
///   mode, give stderr back and replay what was written to it meanwhile (e.g. a `fatalError`
///   message), then re-raise with the previous handler (Swift's backtracer) so the crash still
///   reports and kills the process.
///
/// Handlers touch only the globals below: plain integers and a preallocated array.
enum SignalGuard {
    /// SIGQUIT (Ctrl-\) is among them: its default core dump would otherwise run Swift's
    /// backtracer over the UI and hold the terminal for seconds.
    static let interruptSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGABRT, SIGBUS, SIGFPE]
    static var allSignals: [Int32] { interruptSignals + crashSignals }

    /// Installs every handler, saving the previous actions for `uninstall`.
    static func install() {
        pendingSignal = 0
        guardedStderr = -1
        capturedStderr = -1
        if savedActions == nil {
            savedActions = UnsafeMutablePointer<sigaction>.allocate(capacity: allSignals.count)
            savedActions!.initialize(repeating: sigaction(), count: allSignals.count)
        }
        for (i, s) in allSignals.enumerated() {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            if interruptSignals.contains(s) {
                action.__sigaction_handler.sa_handler = onInterrupt
            } else {
                action.__sigaction_handler.sa_handler = onCrash
            }
            sigaction(s, &action, savedActions! + i)
        }
    }

    /// Restores the actions saved by `install`.
    static func uninstall() {
        guard let saved = savedActions else { return }
        for (i, s) in allSignals.enumerated() { sigaction(s, saved + i, nil) }
    }

    /// Tells the crash guard where the real stderr is and where it is being captured.
    static func setStderrRedirect(original: Int32, capture: Int32) {
        guardedStderr = original
        capturedStderr = capture
    }

    /// The interrupt signal received since the last call, if any.
    static func takePendingSignal() -> Int32? {
        let s = pendingSignal
        if s == 0 { return nil }
        pendingSignal = 0
        return s
    }
}

nonisolated(unsafe) private var pendingSignal: sig_atomic_t = 0
nonisolated(unsafe) private var savedActions: UnsafeMutablePointer<sigaction>?
nonisolated(unsafe) private var guardedStderr: Int32 = -1
nonisolated(unsafe) private var capturedStderr: Int32 = -1

private func onInterrupt(_ signal: Int32) { pendingSignal = signal }

private func onCrash(_ signal: Int32) {
    endwin()
    if guardedStderr >= 0, capturedStderr >= 0 {
        replay(from: capturedStderr, to: guardedStderr)
        dup2(guardedStderr, 2)
    }
    // The slot of `signal` in `SignalGuard.allSignals`, without touching Swift arrays.
    let slot: Int
    switch signal {
    case SIGILL: slot = 3
    case SIGTRAP: slot = 4
    case SIGSEGV: slot = 5
    case SIGABRT: slot = 6
    case SIGBUS: slot = 7
    case SIGFPE: slot = 8
    default: slot = -1
    }
    if let saved = savedActions, slot >= 0 {
        sigaction(signal, saved + slot, nil)
    } else {
        Glibc.signal(signal, SIG_DFL)
    }
    raise(signal)
}

/// Copies a file descriptor's contents from its start (async-signal-safe calls only).
func replay(from source: Int32, to destination: Int32) {
    var chunk = (
        UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
        UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0)
    )
    var offset: off_t = 0
    withUnsafeMutableBytes(of: &chunk) { bytes in
        while true {
            let n = pread(source, bytes.baseAddress, bytes.count, offset)
            if n <= 0 { break }
            _ = write(destination, bytes.baseAddress, n)
            offset += off_t(n)
        }
    }
}
