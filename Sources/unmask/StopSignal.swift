#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT / SIGTERM as a flag that long-running commands poll between steps, so Ctrl-C saves
/// a checkpoint and exits cleanly instead of killing the process mid-write.
enum StopSignal {
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    static func install() {
        signal(SIGINT) { _ in StopSignal.received = 1 }
        signal(SIGTERM) { _ in StopSignal.received = 1 }
    }

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
