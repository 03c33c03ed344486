#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on a run folder (`flock` on `<folder>/.lock`), held for as long as a run
/// object lives: a second `train`/`espo` (or workbench run) on the same folder fails at once
/// instead of racing the first on its checkpoints and logs. The kernel drops the lock when the
/// process dies, so a kill never leaves a folder locked.
public final class RunLock: @unchecked Sendable {
    public let folder: String
    private let fd: Int32

    public static let fileName = ".lock"

    /// Locks `folder` (creating it), or throws `TrainingRunError.inUse` if another holder has it.
    public init(folder: String) throws {
        try makeDirectory(folder)
        let path = folder + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try check(fd >= 0, "open \(path)")
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(fd)
            if busy { throw TrainingRunError.inUse(folder) }
            throw CheckpointError(path: path, .writeFailed("flock: \(reason)"))
        }
        self.folder = folder
        self.fd = fd
    }

    deinit { close(fd) }
}
