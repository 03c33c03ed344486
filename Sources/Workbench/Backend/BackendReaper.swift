#if canImport(Glibc)
    import Glibc
#endif

/// Stops backend children when a signal ends this process before the workbench has its own
/// handlers (while `unmask tui --backend` or `sample --backend` waits for the hello): the
/// default action would kill us and leave the child's process group, maybe an `ssh` holding a
/// GPU, running. The handler is installed only where the default would apply, so the
/// workbench's and `StopSignal`'s handlers are left alone; it sends SIGTERM to every live
/// backend group, then dies of the signal as before.
enum BackendReaper {
    /// Process groups of live backends; 0 marks a free slot. Fixed storage, read in a handler.
    nonisolated(unsafe) private static let groups: UnsafeMutablePointer<pid_t> = {
        let p = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    private static let capacity = 16

    /// Remembers `group` (a child that leads its own process group) and installs the handler.
    static func add(_ group: pid_t) {
        for i in 0..<capacity where groups[i] == 0 {
            groups[i] = group
            break
        }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(sig, handler)
            if previous != nil { signal(sig, previous) }  // someone else's handler (or SIG_IGN) stays
        }
    }

    /// Forgets `group` once it was reaped.
    static func remove(_ group: pid_t) {
        for i in 0..<capacity where groups[i] == group { groups[i] = 0 }
    }

    /// Async-signal-safe: kill, signal and raise only.
    private static let handler: @convention(c) (Int32) -> Void = { sig in
        for i in 0..<BackendReaper.capacity where BackendReaper.groups[i] > 0 { kill(-BackendReaper.groups[i], SIGTERM) }
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
