#if canImport(Glibc)
    import Glibc
#endif

/// While curses owns the screen, anything written to stderr (warnings, a crash message) would be
/// smeared over the UI and then lost with the alternate screen. So stderr goes to an unlinked
/// temporary file and is written back to the real stderr when the session ends or crashes.
struct StderrCapture {
    let originalFD: Int32
    let captureFD: Int32

    /// Redirects fd 2; nil if a temporary file cannot be made (stderr is then left alone).
    static func begin() -> StderrCapture? {
        var template = Array("/tmp/unmask-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let original = dup(2)
        guard original >= 0 else { close(fd); return nil }
        dup2(fd, 2)
        return StderrCapture(originalFD: original, captureFD: fd)
    }

    /// Restores fd 2 and writes out what was captured.
    func end() {
        dup2(originalFD, 2)
        replay(from: captureFD, to: 2)
        close(captureFD)
        close(originalFD)
    }
}
