#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a
/// partial write: the bytes go to a temporary file in the same directory (same file system),
/// which is flushed to disk and then renamed over the destination. On any failure the
/// temporary file is removed and the destination is untouched.
///
/// The one atomic writer of the project: checkpoints, tokenizers, trajectories and the
/// workbench's exports all go through it (an export-only copy once skipped the fsync).
public enum AtomicFile {
    /// An open temporary file; `write` appends.
    public struct Output<Failure: Error> {
        fileprivate let fd: Int32
        fileprivate let failure: (String) -> Failure

        public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            var done = 0
            while done < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("write: \(systemError())")
                }
                done += n
            }
        }

        public func write(_ bytes: [UInt8]) throws(Failure) {
            try bytes.withRawBytes { (raw) throws(Failure) in try write(raw) }
        }
    }

    /// Runs `body` on a temporary file next to `path`, then renames it to `path`.
    /// `failure` turns a system error message into the caller's error type.
    public static func write<Failure: Error>(
        to path: String, failure: @escaping (String) -> Failure,
        _ body: (Output<Failure>) throws(Failure) -> Void
    ) throws(Failure) {
        let (directory, name) = split(path)
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create \(temporary): \(systemError())") }
        var closed = false
        do throws(Failure) {
            try body(Output(fd: fd, failure: failure))
            guard fsync(fd) == 0 else { throw failure("fsync: \(systemError())") }
            closed = true
            guard close(fd) == 0 else { throw failure("close: \(systemError())") }
            guard rename(temporary, path) == 0 else { throw failure("rename to \(path): \(systemError())") }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Writes `bytes` as the whole new contents of `path`.
    public static func store<Failure: Error>(
        _ bytes: [UInt8], at path: String,
        failure: @escaping (String) -> Failure
    ) throws(Failure) {
        try write(to: path, failure: failure) { (out) throws(Failure) in try out.write(bytes) }
    }

    /// Persists the rename itself; best effort (some file systems refuse fsync on directories).
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// ("dir", "name") for "dir/name"; "." for a bare name.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}

/// fsync for files and folders: a rename is only durable once the folder holding it is synced,
/// and a checkpoint's files must be on disk before the rename that publishes them.
enum FileSync {
    /// Syncs every regular file under `path`, then each folder (deepest first).
    static func tree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            for name in listDirectory(path) { try tree(path + "/" + name) }
            try requireDirectory(path)
        case S_IFREG:
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            try check(fd >= 0, "open \(path)")
            defer { close(fd) }
            try check(fsync(fd) == 0, "fsync \(path)")
        default:
            return
        }
    }

    /// Syncs a folder's entries (its renames and new names); some file systems refuse fsync on
    /// folders (EINVAL), which is taken as "nothing to sync", not as a failure.
    static func requireDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try check(fd >= 0, "open \(path)")
        defer { close(fd) }
        try check(fsync(fd) == 0 || errno == EINVAL || errno == EROFS, "fsync \(path)")
    }

    /// Best-effort `requireDirectory`.
    static func directory(_ path: String) { try? requireDirectory(path) }
}
