import Foundation
import Synchronization
import Testing

@testable import Workbench

/// `BackendProcess.readLines` splits a child's output into lines whatever the chunks: a line
/// of megabytes (a hello carrying a large `token_text`) across many reads, short lines several
/// to a read, empty lines dropped. This pins the newline search over the bytes just read (it
/// searched the whole pending buffer after every 64 KB read: quadratic in a line's length). The
/// speed itself is not timed here: 4 MB took 2.34 s before and 0.32 s after, measured on the
/// built binary through a proxy backend (session 18's note on issue #13).
struct BackendLineReaderTests {
    @Test func linesAreWholeWhateverTheChunks() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let long = String(repeating: "x", count: 3_000_000)
        let text = "a\n\nbc\n" + long + "\nd\ntail without newline"
        let writer = Thread {
            let bytes = Array(text.utf8)
            var at = 0
            while at < bytes.count {  // odd-sized writes, so reads end mid-line
                let n = bytes[at...].prefix(40_000 + at % 7).withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                guard n > 0 else { break }  // the reader gone: no endless retry
                at += n
            }
            close(writeEnd)
        }
        writer.start()
        let seen = Mutex<[String]>([])
        BackendProcess.readLines(readEnd) { lines in seen.withLock { $0 += lines.map(String.init) } }
        close(readEnd)
        let lines = seen.withLock { $0 }
        #expect(lines.count == 4)
        #expect(lines.first == "a" && lines.dropFirst().first == "bc" && lines.last == "d")
        #expect(lines.dropFirst(2).first?.count == long.count)
    }
}
