#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The read-only bytes of a whole file, memory-mapped so a multi-gigabyte checkpoint is paged
/// in on demand instead of copied; or a private copy of bytes built in memory.
///
/// Checkpoints are replaced by rename (never rewritten in place), so a mapping keeps seeing the
/// file it opened even while a newer save lands at the same path.
final class FileBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    /// Maps the file; `failure` turns the reason it cannot be read into the caller's error.
    init<E: Error>(contentsOf path: String, failure: (String) -> E) throws(E) {
        func fail(_ what: String) -> E { failure("\(what): \(String(cString: strerror(errno)))") }
        // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever;
        // the fstat below then refuses anything but a regular file.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        // Opening is what users meet ("No such file or directory"): said without the call's name.
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw failure("not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else {  // mmap rejects length 0; an empty file is simply too short.
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { throw fail("mmap") }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        mapped = true
    }

    /// A copy of the bytes that outlives this object (the mapping ends with it, so a copy must
    /// be taken while it is alive: `Data(FileBytes(…).bytes)` may read an unmapped region).
    var copied: [UInt8] { withExtendedLifetime(self) { [UInt8](bytes) } }

    init(copying source: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 64)
        copy.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(copy)
        mapped = false
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }
}
