import Foundation
import Testing

/// How `train` ends on a signal: SIGHUP (a closed terminal, a dropped ssh session) once killed a
/// run with nothing saved since its last checkpoint; now every stop signal saves as Ctrl-C does
/// and exits with the shell's 128 + N, while a run started under `nohup` still ignores SIGHUP.
/// (A terminal that closes under a run is driven in tmux: Tests/EndToEnd/test_hangup.sh.)
@Suite(.serialized) struct RunSignalCLITests {
    static let train = [
        "train", "--task", "arith", "--preset", "nano", "--batch", "8", "--threads", "1", "--steps", "3000",
        "--checkpoint-every", "100000"
    ]

    /// `arguments` started (through `launcher` when given) once it has logged 10 steps to `out`.
    /// SIGHUP is at its default in the child, even when this runner was started under `nohup`
    /// (a spawned process keeps an ignored signal ignored).
    static func started(_ arguments: [String], out: String, launcher: String? = nil) throws -> Process {
        let unmask = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("unmask").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launcher ?? unmask)
        p.arguments = (launcher == nil ? [] : [unmask]) + arguments + ["--out", out]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let previous = signal(SIGHUP, SIG_DFL)
        defer { signal(SIGHUP, previous) }
        try p.run()
        try #require(loggedSteps(out, atLeast: 10), "the run never logged 10 steps")
        return p
    }

    /// Waits (at most 30 s) until `out`'s metrics.jsonl holds `count` lines; false if it never does.
    static func loggedSteps(_ out: String, atLeast count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let lines = ((try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= count { return true }
            usleep(2000)
        }
        return false
    }

    static func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("signal-\(UUID().uuidString)").path
    }

    @Test(arguments: [(SIGHUP, Int32(129)), (SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aStopSignalSavesAndExitsWithItsStatus(signal: Int32, status: Int32) throws {
        let out = Self.tempDir()
        let p = try Self.started(Self.train, out: out)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == status)
        // --checkpoint-every 100000: the only checkpoint is the one the signal saved.
        let state = try String(contentsOfFile: out + "/latest/trainer_state.json", encoding: .utf8)
        #expect(!state.contains("\"step\" : 0,"), "\(state.prefix(80))")
    }

    @Test func underNohupAHangupIsIgnored() throws {
        let out = Self.tempDir()
        let p = try Self.started(Self.train, out: out, launcher: "/usr/bin/nohup")
        kill(p.processIdentifier, SIGHUP)
        // It goes on training: 30 more steps logged after the hangup (a stopped run logs none).
        let logged = ((try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count
        #expect(Self.loggedSteps(out, atLeast: logged + 30), "nohup's SIGHUP ended the run")
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
    }
}
