import ArgumentParser
import Foundation
import Terminal

/// Runs a full-screen app the way every interactive command does: start the session (a terminal
/// that cannot be used is a usage error, status 2, before anything is drawn), run, restore the
/// terminal, run `after` (shutting down engine threads), say goodbye, and exit 128+N after signal N.
enum FullScreen {
    static func run<A: App>(
        color: ColorChoice, framesPerSecond: Int = 30,
        _ makeApp: (TerminalSession) -> A, after: (inout A) -> Void = { _ in }
    ) throws {
        let session: TerminalSession
        do {
            session = try TerminalSession.start(color: color)
        } catch {
            printError("unmask: \(error)")
            throw ExitCode(error.exitCode)
        }
        var app = makeApp(session)
        let end = session.run(&app, framesPerSecond: framesPerSecond)
        // The terminal is given back first, so waiting on background work never freezes it.
        session.stop()
        after(&app)
        switch end {
        case .quit: print("unmask: bye")
        case let .signal(s): print("unmask: bye (signal \(s))")
        }
        if end != .quit { throw ExitCode(end.exitStatus) }
    }

    static func printError(_ message: String) {
        writeErr(message + "\n")
    }
}
