import Foundation
import Testing

/// `unmask sample --backend CMD` and `unmask tui --backend CMD` as a user runs them, on the numpy
/// fake backend (python3 + numpy) and on commands that fail.
struct BackendCLITests {
    static let fake =
        "python3 "
        + URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/backends/fake_backend.py").path

    /// The trajectory a backend streams is a file `unmask replay --check` reads, with the
    /// backend's text; the same seed gives the same sample.
    @Test func sampleThroughABackendWritesAReplayableTrajectory() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("backend-\(UUID().uuidString).jsonl").path
        let args = [
            "sample", "--backend", Self.fake, "--length", "16", "--steps", "8", "--block", "8", "--temperature", "1", "--seed",
            "3"
        ]
        let a = try runUnmask(args + ["--out", out, "--json"]), b = try runUnmask(args + ["--json"])
        #expect(a.status == 0, "\(a.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(object["steps"] as? Int == 8 && object["nfe"] as? [Int] == [8])
        let text = try #require((object["rows"] as? [[String: Any]])?.first?["text"] as? String)
        // The backend's prompt ("the ") and its 16 generated characters, as a local sample prints them.
        let completion = try #require(text.hasPrefix("the ") ? text.dropFirst(4) : nil, "\(text)")
        #expect(completion.count == 16 && completion.allSatisfy { "abcdefghijklmnopqrstuvwxyz .,!?".contains($0) }, "\(text)")
        let again = try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any]
        #expect((again?["rows"] as? [[String: Any]])?.first?["text"] as? String == text)
        let check = try runUnmask(["replay", "--check", out])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("8 steps") && check.stdout.contains("text from token_text"))
        #expect(check.stdout.contains("\"\(text)\""), "\(check.stdout)")
    }

    /// What the backend's hello suggests (the fake's block length 8 of 24) is what the sample
    /// uses unless a flag says otherwise, as in the workbench: the CLI once sampled one block.
    @Test func theBackendsSuggestedSamplerIsTheDefault() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("backend-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runUnmask(["sample", "--backend", Self.fake, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let header = try String(contentsOfFile: out, encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.contains(#""block_length":8"#) && header.contains(#""steps":24"#), "\(header)")
        let flagged = try runUnmask(["sample", "--backend", Self.fake, "--block", "12", "--out", out])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains(#""block_length":12"#))
    }

    /// Several rows through a backend print as a local sample prints them: a header per row and
    /// the NFE in the summary (both were missing).
    @Test func severalRowsThroughABackendAreLaidOutAsALocalSample() throws {
        let r = try runUnmask([
            "sample", "--backend", Self.fake, "--length", "16", "--steps", "8", "--block", "8", "--rows", "2"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5 && lines[0] == "— sample 1" && lines[2] == "— sample 2", "\(r.stdout)")
        #expect(lines[1].hasPrefix("the ") && lines[3].hasPrefix("the "), "\(r.stdout)")
        #expect(lines[4].contains("8 steps, NFE 8, "), "\(r.stdout)")
    }

    @Test(arguments: [
        (["--length", "16", "--strategy", "radd"], "the backend samples llada, not radd"),
        (["--length", "80"], "prompt (4) + generation_length (80) exceeds the model's 64 positions"),
        (["--model", "x"], "--backend samples the backend's own model and prompt")
    ])
    func settingsTheBackendCannotRunAreRefused(flags: [String], message: String) throws {
        let r = try runUnmask(["sample", "--backend", Self.fake] + flags)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func aBackendThatCannotStartIsAUsageErrorWithItsStderr() throws {
        let sample = try runUnmask(["sample", "--backend", "echo 'no GPU here' >&2; exit 4"])
        #expect(sample.status != 0)
        #expect(sample.stderr.contains("backend exited with status 4 · stderr: no GPU here"), "\(sample.stderr)")
        // The workbench checks the backend before it needs a terminal.
        // --model beside --backend is refused before anything starts (it was dropped silently).
        let both = try runUnmask(["tui", "--backend", Self.fake, "--model", "x"])
        #expect(both.status == 2, "\(both.status)")
        #expect(both.stderr.contains("--backend runs the backend's own model: drop --model"), "\(both.stderr)")
        let tui = try runUnmask(["tui", "--backend", Self.fake + " --protocol 9"])
        #expect(tui.status == 2)
        #expect(tui.stderr.contains("the backend speaks protocol 9, this unmask speaks 1"), "\(tui.stderr)")
    }

    /// A signal that ends `unmask` while it waits for the backend's hello also ends the backend:
    /// its process group (an `ssh` holding a GPU, say) was once left running under init.
    @Test func aSignalWhileWaitingForTheHelloStopsTheBackend() throws {
        let command = "sleep \(Int.random(in: 100_000...999_999))"  // a duration no other process has
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let p = Process()
        p.executableURL = products.appendingPathComponent("unmask")
        p.arguments = ["sample", "--backend", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        func running() -> Bool {
            let ps = Process(), out = Pipe()
            ps.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
            ps.arguments = ["-fx", command]  // the backend's sleep, not unmask's own command line
            ps.standardOutput = out
            try? ps.run()
            ps.waitUntilExit()
            return ps.terminationStatus == 0
        }
        for _ in 0..<100 where !running() { usleep(50_000) }
        #expect(running(), "the backend started")
        kill(p.processIdentifier, SIGTERM)
        for _ in 0..<100 where p.isRunning { usleep(50_000) }
        if p.isRunning {  // never hang the suite: a failure, then clean up
            Issue.record("unmask outlived SIGTERM")
            kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM)
        for _ in 0..<40 where running() { usleep(50_000) }
        #expect(!running(), "the backend is gone with unmask")
    }

    /// An empty `--backend` is refused by name (a shell started with it exited at once, reported
    /// as "backend exited with status 0").
    @Test func anEmptyBackendCommandIsRefused() throws {
        for args in [["sample", "--backend", ""], ["tui", "--backend", " "]] {
            let r = try runUnmask(args)
            #expect(r.status == 2 && r.stderr.contains("--backend needs a command"), "\(args): \(r.stderr)")
        }
    }
}
