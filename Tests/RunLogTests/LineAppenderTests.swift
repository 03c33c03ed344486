import Foundation
import Testing

@testable import RunLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A full disk in the middle of an append leaves the file as it was, and says why.
struct LineAppenderTests {
    func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("appender-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("metrics.jsonl").path
    }

    /// The first `write` gets half the bytes onto the disk, the next fails with ENOSPC: what
    /// `write(2)` does when a file system fills up mid-append.
    final class FillingDisk: @unchecked Sendable {
        var calls = 0
        func attempt(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
            calls += 1
            if calls == 1 { return write(fd, bytes, count / 2) }
            errno = ENOSPC
            return -1
        }
    }

    @Test func aShortWriteIsRolledBackAndReportsTheRealError() throws {
        let path = tempPath()
        let disk = FillingDisk()
        let appender = try LineAppender(path: path, systemWrite: disk.attempt)
        try LineAppender(path: path).append(["{\"step\": 0}"])
        errno = ENOTTY  // a stale errno from an unrelated call, as `isatty` leaves behind
        #expect {
            try appender.append(["{\"step\": 1, \"loss\": 0.5}", "{\"step\": 2, \"loss\": 0.25}"])
        } throws: { error in
            "\(error)".contains("No space left on device") && "\(error)".contains(path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"step\": 0}\n", "the half line is removed")
    }
}
