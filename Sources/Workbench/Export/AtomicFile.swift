#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: the bytes go to `<path>.tmp-<pid>` in the same folder, then
/// `rename(2)` replaces `path`, so a failed or interrupted export never leaves a half-written
/// file and never damages the one already there.
enum AtomicFile {
    static func store(_ bytes: [UInt8], at path: String) throws(ExportError) {
        let temporary = path + ".tmp-\(getpid())"
        func failure(_ what: String) -> ExportError {
            ExportError(path: path, reason: what + ": " + String(cString: strerror(errno)))
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = failure("write failed")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard close(fd) == 0 else {
            let error = failure("write failed")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot replace the file")
            unlink(temporary)
            throw error
        }
    }
}
