#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What tells a file that changed from one already read, at the cost of one `stat`: size,
/// modification time (nanoseconds) and identity (device, inode), so an append, a rewrite in
/// place and a replacement by rename all count as changes.
struct FileSignature: Equatable, Sendable {
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    let device: UInt64
    let inode: UInt64

    /// The signature of `path` now, or nil if it cannot be `stat`ed (gone, no permission).
    init?(path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        size = Int64(s.st_size)
        #if canImport(Darwin)
            modifiedSeconds = Int(s.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int(s.st_mtimespec.tv_nsec)
        #else
            modifiedSeconds = Int(s.st_mtim.tv_sec)
            modifiedNanoseconds = Int(s.st_mtim.tv_nsec)
        #endif
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
    }
}
