import Foundation
import Testing

/// A run folder's name and its saved state, as `train` and `espo` meet them from a user: an empty
/// `--out` once wrote a run into the filesystem's root, and a hand-edited state file once trapped
/// the trainer (after emptying metrics.jsonl). Each is refused with status 2, naming the flag or
/// the file and field, and nothing saved changes.
@Suite(.serialized) struct RunStateCLITests {
    static func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("run-state-\(UUID().uuidString)").path
    }

    static let train = ["train", "--task", "arith", "--preset", "nano", "--batch", "4", "--threads", "1"]

    /// A finished 4-step train run, checkpointed at its end.
    static let trainRun: String = {
        let out = tempDir()
        let r = try! runUnmask(train + ["--steps", "4", "--out", out])
        precondition(r.status == 0, r.stderr)
        return out
    }()

    @Test func anEmptyOutIsRefusedBeforeAnythingIsWritten() throws {
        let cwd = Self.tempDir()
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        let espo = ["espo", "--model", Self.trainRun, "--rounds", "1", "--threads", "1"]
        for args in [Self.train + ["--steps", "2", "--out", ""], espo + ["--out", ""]] {
            let r = try runUnmask(args, directory: cwd)
            #expect(r.status == 2 && r.stderr.contains("--out needs a folder name"), "\(args[0]): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
        for (flag, value) in [("--checkpoint-every", "-1"), ("--log-every", "0")] {
            let r = try runUnmask(Self.train + ["--steps", "2", "--out", Self.tempDir(), flag, value])
            #expect(r.status == 2 && r.stderr.contains("\(flag) must be"), "\(flag) \(value): \(r.stderr)")
        }
    }

    /// A copy of `run` whose `latest/FILE` has `field` set to `value` (JSON text).
    static func edited(_ run: String, file: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        let copy = tempDir()
        try FileManager.default.copyItem(atPath: run, toPath: copy)
        let path = copy + "/latest/" + file
        var state = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        edit(&state)
        // The link points at a real file shared with no one (copyItem copies the folder).
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: path))
        return copy
    }

    @Test(arguments: [
        ("step", -5, "step (-5) must be in 0…4"), ("step", 999_999, "step (999999) must be in 0…4"),
        ("batch_size", 0, "--batch (batch_size) must be ≥ 1 (got 0)"),
        ("peak", -1, "--lr (lr_schedule.peak) must be in (0, 1] (got -1.0)")
    ])
    func anEditedTrainerStateIsRefusedAndTheLogKept(field: String, value: Int, message: String) throws {
        let run = try Self.edited(Self.trainRun, file: "trainer_state.json") { state in
            var settings = state["settings"] as! [String: Any]
            switch field {
            case "step": state["step"] = value
            case "peak":
                var schedule = settings["lr_schedule"] as! [String: Any]
                schedule["peak"] = value
                settings["lr_schedule"] = schedule
            default: settings[field] = value
            }
            state["settings"] = settings
        }
        let log = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)
        let r = try runUnmask(["train", "--out", run, "--resume", "--threads", "1"])
        #expect(r.status == 2, "\(field): \(r.stderr)")
        #expect(r.stderr.contains("latest/trainer_state.json: \(message)"), "\(r.stderr)")
        #expect(try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8) == log)
    }

    /// A `--rounds` below the rounds done once said "resuming at round 4/2", evaluated and saved
    /// again; an edited `rl_state.json` round went through. A finished run now says so and changes
    /// nothing (an older binary's state with more rounds done than planned still opens), and a
    /// negative round or `--rounds 0` is refused.
    @Test func aFinishedOrEditedRLRunIsNamedAndKept() throws {
        let run = Self.tempDir()
        let small = [
            "--group", "2", "--prompts", "2", "--iterations", "1", "--micro-batch", "4", "--mc", "1", "--eval-every", "0",
            "--threads", "1"
        ]
        let first = try runUnmask(["espo", "--model", Self.trainRun, "--rounds", "2", "--out", run] + small)
        try #require(first.status == 0, "\(first.stderr)")
        let log = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: run + "/latest")
        let fewer = try runUnmask(["espo", "--out", run, "--resume", "--rounds", "1", "--threads", "1"])
        #expect(fewer.status == 0 && fewer.stdout.contains("has done 2 of 1 rounds: nothing to train"), "\(fewer.stdout)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: run + "/latest") == latest)
        let zero = try runUnmask(["espo", "--out", run, "--resume", "--rounds", "0", "--threads", "1"])
        #expect(zero.status == 2 && zero.stderr.contains("--rounds must be ≥ 1 (got 0)"), "\(zero.stderr)")
        let edited = try Self.edited(run, file: "rl_state.json") { $0["round"] = -5 }
        let r = try runUnmask(["espo", "--out", edited, "--resume", "--threads", "1"])
        #expect(r.status == 2 && r.stderr.contains("latest/rl_state.json: round (-5) must be ≥ 0"), "\(r.stderr)")
        #expect(try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8) == log)
        #expect(try String(contentsOfFile: edited + "/metrics.jsonl", encoding: .utf8) == log)
    }
}
