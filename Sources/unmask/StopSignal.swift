#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP as a flag that long-running commands poll between steps, so
/// Ctrl-C, a `kill` or a closed terminal (an ssh session that drops) saves a checkpoint and exits
/// cleanly instead of killing the process mid-run: SIGHUP once ended a training run with nothing
/// saved since its last checkpoint.
enum StopSignal {
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    static func install() {
        let note: @convention(c) (Int32) -> Void = { StopSignal.received = $0 }
        signal(SIGINT, note)
        signal(SIGTERM, note)
        // Started under `nohup` (SIGHUP ignored), a run must outlive its terminal, as before.
        // Asked by ignoring it first, so that no hangup between question and answer stops it.
        if !isIgnore(signal(SIGHUP, SIG_IGN)) { signal(SIGHUP, note) }
        // Progress to a closed pipe then fails (and is dropped, `writeOut`) instead of killing
        // the run before it saves.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether a disposition `signal` returned is SIG_IGN (C function pointers do not compare
    /// in Swift; their addresses do).
    private static func isIgnore(_ handler: __sighandler_t?) -> Bool {
        handler.map { unsafeBitCast($0, to: Int.self) } == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// The shell's status for a process ended by the signal received: 128 + its number (130 for
    /// Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
    static var exitCode: Int32 { 128 + received }

    /// A parent may start us with these signals blocked (the threads of test runners do, and
    /// Foundation's `Process` passes its thread's mask on): then nothing could stop us, nor let
    /// `BackendReaper` stop a backend. Called first thing, so every thread inherits the mask.
    static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var requested: Bool { received != 0 }
}
