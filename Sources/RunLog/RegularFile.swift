import Foundation

/// Opens run-log files for reading only when they are regular files. Opening a FIFO for
/// reading blocks until a writer appears (forever, for a FIFO left where metrics.jsonl should
/// be), so the file is opened non-blocking and checked with fstat before any read.
enum RegularFile {
    static func openForReading(_ path: String) throws(RunLogError) -> FileHandle {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw RunLogError(path: path, problem: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw RunLogError(path: path, problem: "not a regular file; not read")
        }
        // A regular file: back to blocking reads, which Foundation's FileHandle expects.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// The whole file.
    static func contents(_ path: String) throws(RunLogError) -> Data {
        let handle = try openForReading(path)
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch {
            throw RunLogError(path: path, problem: "read failed (\(error))")
        }
    }
}
