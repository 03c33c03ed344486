import CNcurses
import Glibc
import Testing

@testable import Terminal

/// Start-up checks, terminfo probing, signals and the ncurses backend on a private pty.
/// Serialized: signal dispositions, the terminfo `cur_term` and the curses screen are process-global.
@Suite(.serialized)
struct SessionTests {
    let good = TerminfoFacts(name: "xterm-256color", hasRGB: false, colors: 256, canAddressCursor: true)

    func check(_ env: [String: String], stdin: Bool = true, stdout: Bool = true) -> StartupError? {
        do {
            _ = try TerminalSession.check(environment: env, stdinIsTTY: stdin, stdoutIsTTY: stdout) { name in
                name == "xterm-256color"
                    ? good
                    : name == "dumb"
                        ? TerminfoFacts(name: "dumb", hasRGB: false, colors: -1, canAddressCursor: false) : nil
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func startupChecksInOrder() {
        #expect(check(["TERM": "xterm-256color"]) == nil)
        #expect(check(["TERM": "xterm-256color"], stdin: false) == .notATerminal(stdin: true, stdout: false))
        #expect(check([:], stdout: false) == .notATerminal(stdin: false, stdout: true))
        #expect(check([:]) == .noTerminalType)
        #expect(check(["TERM": ""]) == .noTerminalType)
        #expect(check(["TERM": "nosuchterm"]) == .unknownTerminal("nosuchterm"))
        #expect(check(["TERM": "dumb"]) == .noCursorAddressing("dumb"))
    }

    @Test func startupMessagesAreClear() {
        #expect(StartupError.notATerminal(stdin: true, stdout: true).description.hasPrefix("stdin and stdout are not a terminal"))
        #expect(StartupError.notATerminal(stdin: false, stdout: true).description.hasPrefix("stdout is not a terminal"))
        #expect(StartupError.unknownTerminal("zz").description.contains("unknown terminal type 'zz'"))
        #expect(StartupError.noCursorAddressing("dumb").description.contains("cannot move the cursor"))
        #expect(StartupError.noTerminalType.exitCode == 2)
    }

    @Test func terminfoProbeReadsTheRealDatabase() throws {
        let xterm = try #require(Terminfo.probe("xterm-256color"))
        #expect(xterm.colors == 256 && !xterm.hasRGB && xterm.canAddressCursor)
        let dumb = try #require(Terminfo.probe("dumb"))
        #expect(!dumb.canAddressCursor)
        #expect(Terminfo.probe("nosuchterm-\(getpid())") == nil)
        // ncurses-term provides the direct-colour entries (Makefile `deps`).
        let direct = try #require(Terminfo.probe("xterm-direct"))
        #expect(direct.hasRGB && direct.colors >= 1 << 24)
    }

    @Test func interruptSignalsBecomeAFlag() {
        SignalGuard.install()
        defer { SignalGuard.uninstall() }
        #expect(SignalGuard.takePendingSignal() == nil)
        // kill, not raise: test threads may block signals, the process's main thread does not.
        kill(getpid(), SIGINT)
        #expect(waitForSignal() == SIGINT)
        #expect(SignalGuard.takePendingSignal() == nil)
        kill(getpid(), SIGTERM)
        #expect(waitForSignal() == SIGTERM)
    }

    func waitForSignal() -> Int32? {
        for _ in 0..<200 {
            if let s = SignalGuard.takePendingSignal() { return s }
            usleep(5000)
        }
        return nil
    }

    @Test func ncursesBackendWritesOnlyChangesOnAPty() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        defer { pty.close() }
        let backend = try NcursesBackend(
            terminalName: "xterm-256color", depth: .palette256, output: pty.slave, input: pty.slave, mouse: false)
        defer { backend.close() }
        #expect(backend.size == Size(width: 40, height: 10))
        let renderer = Renderer(backend: backend)
        var label = "braille ⣿ ▀▄ ─│"
        let draw: (inout Buffer) -> Void = { b in
            b.setString(1, 1, label, style: Style(fg: .rgb(255, 0, 0), bg: .indexed(236)))
        }
        #expect(renderer.draw(draw).cellsWritten == 400)
        let cell = try #require(backend.cellAt(x: 9, y: 1))
        #expect(cell.scalar == "⣿")
        #expect(cell.pair > 0)
        var fg: Int32 = 0, bg: Int32 = 0
        extended_pair_content(cell.pair, &fg, &bg)
        #expect(fg == 196 && bg == 236)
        label = "braille ⣿ ▀▄ ─┼"
        #expect(renderer.draw(draw).cellsWritten == 1)
        #expect(backend.cellAt(x: 15, y: 1)?.scalar == "┼")
        #expect(backend.cellsWritten == 401)
        #expect(pty.bytesReceived >= 0)
    }
}
