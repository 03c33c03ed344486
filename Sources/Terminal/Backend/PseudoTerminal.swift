import CNcurses
import Foundation
import Synchronization

/// A pseudo-terminal opened by this process: curses can draw on its slave side with no real
/// terminal or tmux around (benchmarks, tests), while a thread drains and counts the bytes
/// written to the master side so output never blocks.
public final class PseudoTerminal: @unchecked Sendable {
    public let masterFD: Int32
    public let slaveFD: Int32
    /// The slave side as a stdio stream, for `NcursesBackend(output:input:)`.
    public let slave: UnsafeMutablePointer<FILE>
    private let drained = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)

    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(width: Int, height: Int) throws {
        let master = tui_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, tui_grantpt(master) == 0, tui_unlockpt(master) == 0, let name = tui_ptsname(master) else {
            throw OpenError(description: "cannot open a pseudo-terminal")
        }
        let slaveFD = open(name, O_RDWR | O_NOCTTY)
        guard slaveFD >= 0, let file = fdopen(slaveFD, "r+") else {
            Glibc.close(master)
            throw OpenError(description: "cannot open the pseudo-terminal's slave side")
        }
        masterFD = master
        self.slaveFD = slaveFD
        slave = file
        resize(width: width, height: height)
        let thread = Thread { [self] in drain() }
        thread.start()
    }

    /// Sets the size curses will read with TIOCGWINSZ.
    public func resize(width: Int, height: Int) {
        _ = tui_set_winsize(slaveFD, UInt16(height), UInt16(width))
    }

    /// Bytes the terminal has received so far.
    public var bytesReceived: Int { drained.load(ordering: .acquiring) }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stopping.load(ordering: .relaxed) {
            let n = buffer.withUnsafeMutableBytes { read(masterFD, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            drained.add(n, ordering: .releasing)
        }
    }

    /// Closes both sides (the drain thread ends when the master read fails).
    public func close() {
        stopping.store(true, ordering: .relaxed)
        fclose(slave)
        Glibc.close(masterFD)
    }
}
