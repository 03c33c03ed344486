#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends bytes to a log file whole or not at all. `write(2)` may write part of a buffer (a
/// full disk, a file-size limit) and only report the cause on the next call, so the rest is
/// retried until it fails with its own errno; then the file is truncated back to its length
/// before the append. A reader never keeps half a record and the next append starts on a
/// clean line.
enum WholeAppend {
    typealias SystemWrite = (Int32, UnsafeRawPointer, Int) -> Int

    static func append(
        _ bytes: [UInt8], to fd: Int32, path: String,
        using systemWrite: SystemWrite
    ) throws(RunLogError) {
        guard !bytes.isEmpty else { return }
        let start = lseek(fd, 0, SEEK_END)
        var done = 0
        var failure: String?
        bytes.withUnsafeBytes { raw in
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                failure = n == 0 ? "write made no progress" : String(cString: strerror(errno))
                return
            }
        }
        guard let failure else { return }
        let rolledBack = done == 0 || (start >= 0 && ftruncate(fd, start) == 0)
        throw RunLogError(
            path: path,
            problem: "append failed (\(failure)); "
                + (rolledBack ? "the file is as it was before" : "\(done) bytes of a partial record remain"))
    }
}
