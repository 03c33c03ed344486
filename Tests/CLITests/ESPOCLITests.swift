import Foundation
import Testing

/// `unmask espo` on a small arithmetic model trained by the test itself.
@Suite(.serialized) struct ESPOCLITests {
    static let model: String = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("espo-model-\(UUID().uuidString)").path
        let r = try! runUnmask([
            "train", "--task", "arith", "--preset", "nano", "--steps", "60", "--batch", "16",
            "--threads", "1", "--out", out
        ])
        precondition(r.status == 0, r.stderr)
        return out
    }()

    static let small = [
        "--group", "3", "--prompts", "4", "--iterations", "2", "--micro-batch", "6", "--mc", "2",
        "--eval-every", "2", "--eval-items", "8", "--samples-every", "1", "--threads", "1"
    ]

    static func records(_ run: String) throws -> [[String: Any]] {
        try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    static func tempRun() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("espo-run-\(UUID().uuidString)").path
    }

    /// The progress line's `avg` (an EMA over rounds) and its last evaluation go on from the log
    /// after a resume, as if never interrupted (they once started again after the resume).
    @Test func theRewardAverageContinuesAcrossAResume() throws {
        let countdown = DemoModelTests.models + "countdown"
        let small = ["--group", "4", "--prompts", "4", "--iterations", "1", "--micro-batch", "16", "--mc", "1", "--threads", "1"]
        let straight = Self.tempRun(), resumed = Self.tempRun()
        let evaluated = ["--eval-every", "2", "--eval-items", "8"]
        let a = try runUnmask(["espo", "--model", countdown, "--rounds", "4", "--out", straight] + evaluated + small)
        let b = try runUnmask(["espo", "--model", countdown, "--rounds", "3", "--out", resumed] + evaluated + small)
        let c = try runUnmask(["espo", "--out", resumed, "--resume", "--rounds", "4", "--threads", "1"])
        try #require(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr)\(b.stderr)\(c.stderr)")
        func averages(_ out: String) -> [Substring] {
            out.split(separator: "\n").filter { $0.hasPrefix("round ") }.compactMap {
                $0.split(separator: "avg ").last?.prefix(5)
            }
        }
        #expect(Set(averages(a.stdout)).count > 1, "the rewards vary, so a restarted average would differ: \(a.stdout)")
        #expect(averages(c.stdout).last == averages(a.stdout).last, "\(a.stdout)\n\(c.stdout)")
        // So does the last evaluation's note: the one after 2 rounds, repeated on round 4's line.
        let last = { (out: String) in
            out.split(separator: "\n").last { $0.hasPrefix("round 4/4") }?.split(separator: "eval ").last
        }
        #expect(last(c.stdout) != nil && last(c.stdout) == last(a.stdout), "\(a.stdout)\n\(c.stdout)")
    }

    @Test func writesOneRecordPerOptimizerStepAndResumesExactly() throws {
        let straight = Self.tempRun(), resumed = Self.tempRun()
        let a = try runUnmask(["espo", "--model", Self.model, "--rounds", "3", "--out", straight] + Self.small)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try runUnmask(["espo", "--model", Self.model, "--rounds", "2", "--out", resumed] + Self.small)
        #expect(b.status == 0, "\(b.stderr)")
        // Evaluated before rounds 0 and 2 (--eval-every 2): each line names the evaluation's round.
        let lines = a.stdout.split(separator: "\n").filter { $0.hasPrefix("round ") }
        #expect(lines.count == 3 && lines[1].hasSuffix("@0") && lines[2].hasSuffix("@2"), "\(lines)")
        let c = try runUnmask(["espo", "--out", resumed, "--resume", "--rounds", "3", "--threads", "1"])
        #expect(c.status == 0 && c.stdout.contains("resuming"), "\(c.stderr)")

        let records = try Self.records(straight)
        let steps = records.filter { $0["iteration"] != nil }
        #expect(steps.map { $0["step"] as! Int } == Array(0..<6))
        let required = [
            "step", "wall_time", "reward/mean", "reward/std", "success", "kl", "clip_frac", "ratio/mean", "ratio/min",
            "ratio/max", "elbo_per_token", "grad_norm", "lr", "zero_std_ratio", "time/rollout_s", "time/policy_s"
        ]
        for r in steps { #expect(required.allSatisfy { r[$0] != nil }, "missing keys in \(r.keys.sorted())") }
        #expect(steps[0]["ratio/min"] as? Double == 1 && steps[0]["ratio/max"] as? Double == 1)
        #expect(steps[0]["eval/success"] != nil && steps[4]["eval/success"] != nil, "evaluated before rounds 0 and 2")
        #expect(records.last?["eval/success"] != nil && records.last?["iteration"] == nil, "a final evaluation record")

        // The resumed run's steps 4–5 equal the uninterrupted run's, and so do the final weights.
        let again = try Self.records(resumed).filter { $0["iteration"] != nil }
        #expect(again.map { $0["step"] as! Int } == Array(0..<6))
        for key in ["reward/mean", "grad_norm", "elbo_per_token", "ratio/max"] {
            #expect(again[5][key] as? Double == steps[5][key] as? Double, "\(key) differs after resuming")
        }
        let weights = { (run: String) in try Data(contentsOf: URL(fileURLWithPath: run + "/latest/model.safetensors")) }
        #expect(try weights(straight) == weights(resumed))

        let samples = try String(contentsOfFile: straight + "/samples.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(samples.count == 3 * 6 && samples[0].contains("\"reward\""))
        let events = try FileManager.default.contentsOfDirectory(atPath: straight).filter { $0.hasPrefix("events.out.tfevents.") }
        #expect(events.count == 1)
        let eval = try runUnmask(["eval", "--model", straight, "--items", "8"])
        #expect(eval.status == 0, "the run folder is a model folder: \(eval.stderr)")
    }

    /// Sudoku's held-out cell accuracy (its headline metric) is on the evaluation before round 0
    /// and on the final record; every step carries the rollout's group outcomes; --sample-groups
    /// sets how many groups samples.jsonl gets.
    @Test func sudokuRunsRecordCellAccuracyGroupOutcomesAndAllSamples() throws {
        let sudoku = String(#filePath.dropLast("Tests/CLITests/ESPOCLITests.swift".count)) + "Examples/models/sudoku4"
        let run = Self.tempRun()
        let r = try runUnmask([
            "espo", "--model", sudoku, "--rounds", "1", "--out", run, "--eval-every", "1", "--eval-items", "4",
            "--group", "3", "--prompts", "3", "--iterations", "1", "--micro-batch", "9", "--sample-groups", "3",
            "--threads", "1"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try Self.records(run)
        #expect(records.first?["eval/cell_accuracy"] is Double && records.last?["eval/cell_accuracy"] is Double)
        for key in ["groups/any_success", "groups/all_success", "groups/partial_only"] {
            #expect(records.first?[key] is Double, "missing \(key)")
        }
        let samples = try String(contentsOfFile: run + "/samples.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(samples.count == 3 * 3)
    }

    @Test func everyObjectiveRuns() throws {
        for objective in ["d1", "wd1", "token-elbo", "seq-mean-field"] {
            let r = try runUnmask(
                [
                    "espo", "--model", Self.model, "--objective", objective, "--rounds", "1", "--eval-every", "0",
                    "--out", Self.tempRun()
                ] + Self.small.prefix(10))
            #expect(r.status == 0, "\(objective): \(r.stderr)")
        }
    }

    @Test func badSettingsAreUsageErrors() throws {
        for args in [["--objective", "ppo"], ["--kl", "k4"], ["--micro-batch", "5"], ["--group", "1"], ["--task", "chess"]] {
            let r = try runUnmask(["espo", "--model", Self.model, "--out", Self.tempRun()] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            // One line naming the command and the reason, not ArgumentParser's usage dump.
            #expect(r.stderr.hasPrefix("unmask espo: ") && !r.stderr.contains("Usage:"), "\(args): \(r.stderr)")
        }
        let mismatch = try runUnmask(["espo", "--model", Self.model, "--task", "countdown", "--out", Self.tempRun()])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("arith"))
        let nothing = try runUnmask(["espo", "--out", Self.tempRun(), "--resume"])
        #expect(nothing.status == 2)
        let help = try runUnmask(["espo", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--objective") && help.stdout.contains("default: 0.003"))
    }

    /// `espo --resume --beta 0.5` ran on with the saved β without a word: every flag but those that
    /// do not change the saved settings is refused with --resume.
    @Test func resumeRefusesFlagsThatChangeTheSettings() throws {
        let wrong = try resumeChecks(
            "espo",
            allowing: ["--out", "--resume", "--threads", "--rounds", "--checkpoint-every", "--log-every", "--sample-groups"])
        #expect(wrong.isEmpty, "\(wrong)")
    }

    /// A saved state whose settings this version refuses (written by another version, or
    /// edited) stops `--resume` with the file and the reason; it once trapped in the trainer.
    @Test func aSavedStateWithBadSettingsIsRefusedOnResume() throws {
        let run = Self.tempRun()
        let first = try runUnmask(["espo", "--model", Self.model, "--rounds", "1", "--out", run] + Self.small)
        #expect(first.status == 0, "\(first.stderr)")
        let state = run + "/latest/rl_state.json"
        let text = try String(contentsOfFile: state, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""learningRate" : 5e-05"#, with: #""learningRate" : 10"#)
        #expect(edited != text, "the state holds the learning rate")
        try edited.write(toFile: state, atomically: true, encoding: .utf8)
        let r = try runUnmask(["espo", "--out", run, "--resume", "--rounds", "2"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("invalid settings: "), "\(r.stderr)")
        #expect(r.stderr.contains("rl_state.json: --lr must be in (0, 1]"), "\(r.stderr)")
        // The rollout sampler is checked too: more steps than a completion has tokens once failed
        // only inside the resumed round.
        let steps = text.replacingOccurrences(
            of: #""learningRate" : 5e-05"#, with: #""learningRate" : 5e-05, "generationSteps" : 100"#)
        try steps.write(toFile: state, atomically: true, encoding: .utf8)
        let s = try runUnmask(["espo", "--out", run, "--resume", "--rounds", "2"])
        #expect(s.status == 2 && s.stderr.contains("rl_state.json: rollout sampler (--gen-steps, --block"), "\(s.stderr)")
        #expect(s.stderr.contains("steps (100) must be ≤ generation_length"), "\(s.stderr)")
    }

    /// While an RL run trains, a second `--resume` on its folder fails at once (exit 2, "in
    /// use"); after a kill -9, `--resume` cuts metrics.jsonl and samples.jsonl back to the
    /// checkpoint, so every optimizer step and every round's samples appear exactly once.
    @Test func aKilledRLRunResumesWithoutLoggingARoundTwice() throws {
        let run = Self.tempRun()
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let p = Process()
        p.executableURL = products.appendingPathComponent("unmask")
        p.arguments = ["espo", "--model", Self.model, "--rounds", "200", "--checkpoint-every", "1", "--out", run] + Self.small
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let rounds =
                ((try? String(contentsOfFile: run + "/samples.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count / 6
            if rounds >= 3 && FileManager.default.fileExists(atPath: run + "/latest/rl_state.json") { break }
            usleep(5000)
        }
        let second = try runUnmask(["espo", "--out", run, "--resume", "--threads", "1"])
        #expect(second.status == 2 && second.stderr.contains("in use"), "\(second.stderr)")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()

        let state =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/latest/rl_state.json")))
            as! [String: Any]
        let round = try #require(state["round"] as? Int)
        let resumed = try runUnmask(["espo", "--out", run, "--resume", "--rounds", "\(round + 1)", "--threads", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let steps = try Self.records(run).filter { $0["iteration"] != nil }.map { $0["step"] as! Int }
        #expect(steps == Array(0..<(2 * (round + 1))))
        let samples = try String(contentsOfFile: run + "/samples.jsonl", encoding: .utf8).split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["round"] as! Int
        }
        #expect(samples == (0...round).flatMap { Array(repeating: $0, count: 6) })
    }
}
