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
        // A parent may have started us with these signals blocked (threads of test runners do).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var requested: Bool { received != 0 }
}
