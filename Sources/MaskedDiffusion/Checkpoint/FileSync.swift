#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
