import Foundation
import Testing

/// `unmask sample`, `eval` and `elbo` on a small model trained by the test itself.
@Suite(.serialized) struct SampleEvalELBOCLITests {
    static let model: String = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-model-\(UUID().uuidString)").path
        let r = try! runUnmask([
            "train", "--task", "arith", "--preset", "nano", "--steps", "60", "--batch", "16",
            "--threads", "1", "--out", out
        ])
        precondition(r.status == 0, r.stderr)
        return out
    }()

    /// A demo model folder of the repository (Examples/models/NAME).
    static func demo(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/models/\(name)").path
    }

    @Test func sampleWritesATrajectoryAndIsReproducible() throws {
        let traj = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).jsonl").path
        let args = [
            "sample", "--model", Self.model, "--prompt", "123+456=", "--rows", "2", "--temperature", "1",
            "--seed", "4", "--json"
        ]
        let a = try runUnmask(args + ["--out", traj]), b = try runUnmask(args)
        #expect(a.status == 0, "\(a.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as! [String: Any]
        let rows = object["rows"] as! [[String: Any]]
        #expect(rows.count == 2 && (rows[0]["text"] as! String).hasPrefix("123+456= → "))
        #expect(object["nfe"] as! [Int] == [4, 4], "one token per step over the 4-token completion")
        #expect(
            (object["rows"] as! NSArray)
                == ((try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as! [String: Any])["rows"] as! NSArray))
        let lines = try String(contentsOfFile: traj, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5 && lines[0].contains("\"format\":\"unmask-trajectory\""))
    }

    /// `eval` reports progress on stderr after each batch, also when piped (it once printed
    /// nothing for minutes), and keeps stdout for the results.
    @Test func evalReportsProgressOnStderr() throws {
        let r = try runUnmask(["eval", "--model", Self.model, "--items", "24", "--batch", "8", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n") == ["8/24 items", "16/24 items", "24/24 items"])
        #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil)
    }

    /// A task model's held-out prompt is scored: `--json` rows carry reward and solved (they
    /// once carried the text only).
    @Test func taskSamplesReportTheirReward() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("countdown"), "--json", "--rows", "2", "--temperature", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rows = object["rows"] as! [[String: Any]]
        #expect(rows.count == 2 && rows.allSatisfy { $0["reward"] is Double && $0["solved"] is Bool })
    }

    /// A block smaller than its share of the steps skips the steps that would commit nothing;
    /// the summary once said "15 steps" for `--steps 16` without saying why.
    @Test func skippedStepsAreExplained() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("countdown"), "--block", "3", "--steps", "16"])
        #expect(r.status == 0 && r.stdout.contains("llada: 15 steps (of 16: 1 would have committed nothing"), "\(r.stdout)")
    }

    /// A prompt typed in the task's format is scored too (it once was only when it was a held-out
    /// one); other text samples without a score.
    @Test func aTypedTaskPromptIsScored() throws {
        let typed = try runUnmask(["sample", "--model", Self.demo("countdown"), "--prompt", "25 3 7=82"])
        #expect(typed.status == 0 && typed.stdout.contains("25 3 7=82 → "), "\(typed.stderr)")
        #expect(typed.stdout.contains(" · solved") || typed.stdout.contains(" · not solved"), "\(typed.stdout)")
        let other = try runUnmask(["sample", "--model", Self.demo("countdown"), "--prompt", "25 3=8"])
        #expect(other.status == 0 && !other.stdout.contains("reward"), "\(other.stdout)")
    }

    /// A blank prompt on a task model once sampled from padding alone, without a word.
    @Test func aBlankTaskPromptIsRefused() throws {
        for blank in ["", "   "] {
            let r = try runUnmask(["sample", "--model", Self.demo("countdown"), "--prompt", blank])
            #expect(r.status != 0 && r.stdout.isEmpty, "\(r.stdout)")
            #expect(r.stderr.contains("--prompt is blank; a countdown model samples its first held-out item"), "\(r.stderr)")
        }
    }

    /// Image models sample with eMIGM by default, as the workbench does; greedy LLaDA (the old
    /// CLI default) gave a blank image for the glyphs model.
    @Test func imageModelsDefaultToEMIGM() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("glyphs"), "--class", "9"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("emigm: 16 steps"))
        let ink = r.stdout.split(separator: "\n").dropFirst().dropLast().joined().filter { !$0.isWhitespace }
        #expect(ink.count > 20, "the image has strokes")
    }

    /// Without --class an image model samples unconditionally (the null class, the mask id, at
    /// position 0): it once refused its own prefix as "a token outside 0..<74".
    @Test func imageModelsSampleUnconditionally() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("glyphs"), "--rows", "2", "--seed", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0 == "unconditional" }.count == 2)
        let ink = lines.filter { !$0.hasPrefix("—") && $0 != "unconditional" && !$0.hasPrefix("emigm") }.joined()
        #expect(ink.filter { !$0.isWhitespace }.count > 40, "both images have strokes")
        #expect(r.stdout.contains("emigm: 16 steps, NFE 16,"), "no guidance pass: there is no class to guide toward")
    }

    /// A text model with a prompt generates what the prompt leaves of its positions: README's
    /// `--prompt "The sampler "` once overflowed the text model's 64 (12 + a default 64).
    @Test func aPromptShortensTheDefaultLength() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("text"), "--prompt", "The sampler ", "--temperature", "0.8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("The sampler ") && r.stdout.contains("llada: 52 steps, NFE 52"), "\(r.stdout)")
    }

    /// A negative number reaches validation ("--steps -3" once read as a missing value), and a
    /// rejected value prints its reason under the command's name, without the top-level usage.
    @Test func rejectedValuesSayWhyWithoutUsage() throws {
        let r = try runUnmask(["sample", "--model", Self.model, "--steps", "-3"])
        #expect(r.status == 2)
        #expect(r.stderr == "unmask sample: steps must be ≥ 1 (got -3)\n", "\(r.stderr)")
    }

    /// More steps than generated tokens are refused with both numbers (issue #15 item 9: `--steps
    /// 18` at length 16 was once turned into 16 silently, so the NFE disagreed with the steps).
    @Test func stepsPastTheLengthAreRefused() throws {
        let r = try runUnmask(["sample", "--model", Self.demo("countdown"), "--steps", "18"])
        #expect(r.status == 2)
        #expect(
            r.stderr == "unmask sample: steps (18) must be ≤ generation_length (16): every step commits at least one token\n",
            "\(r.stderr)")
        #expect(try runUnmask(["sample", "--model", Self.demo("countdown"), "--steps", "16"]).status == 0)
    }

    @Test func sampleRejectsBadInput() throws {
        for args in [["--strategy", "bogus"], ["--remasking", "sideways"], ["--prompt", "12a"], ["--rows", "0"]] {
            let r = try runUnmask(["sample", "--model", Self.model] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
        }
        let missing = try runUnmask(["sample", "--model", "/no/such/model"])
        #expect(missing.status == 2 && missing.stderr.contains("/no/such/model"))
        // A file given as the model folder, and a tokenizer naming an unknown task, are said as
        // such (the second once read "prompt (0) + length (64) exceeds the model's … positions").
        let file = try runUnmask(["sample", "--model", #filePath])
        #expect(file.status == 2 && file.stderr.contains("\(#filePath): a file, not a model folder"), "\(file.stderr)")
        let copy = FileManager.default.temporaryDirectory.path + "/unknown-task-\(UUID().uuidString)"
        let latest = URL(fileURLWithPath: Self.model + "/latest").resolvingSymlinksInPath().path
        try FileManager.default.copyItem(atPath: latest, toPath: copy)
        let tokenizer = copy + "/tokenizer.json"
        let text = try String(contentsOfFile: tokenizer, encoding: .utf8)
        try text.replacingOccurrences(of: "\"arith\"", with: "\"chess\"").write(
            toFile: tokenizer, atomically: true, encoding: .utf8)
        let unknown = try runUnmask(["sample", "--model", copy])
        #expect(
            unknown.status == 2 && unknown.stderr.contains("\(tokenizer): task \"chess\" is not one of countdown, sudoku, arith"),
            "\(unknown.stderr)")
    }

    @Test func evalReportsHeldOutSuccess() throws {
        let r = try runUnmask(["eval", "--model", Self.model, "--items", "32", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(o["task"] as? String == "arith" && o["items"] as? Int == 32)
        let success = o["success"] as! Double
        #expect(success >= 0 && success <= 1)
        #expect(o["mean_nfe"] as? Double == 4)
    }

    @Test func evalSamplesReportPassAtKAndGroupSpread() throws {
        let r = try runUnmask([
            "eval", "--model", Self.model, "--items", "8", "--samples", "4", "--temperature", "1",
            "--group", "2", "--json"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(o["items"] as? Int == 8 && o["samples_per_item"] as? Int == 4)
        let p1 = o["pass@1"] as! Double, p4 = o["pass@4"] as! Double
        #expect(p1 == o["success_per_sample"] as! Double && p4 >= p1 && p4 <= 1)
        #expect(o["pass@16"] == nil, "k above the samples per item is not reported")
        for key in ["groups_with_spread", "well_formed"] { #expect((0...1).contains(o[key] as! Double), "\(key)") }
        let bad = try runUnmask(["eval", "--model", Self.model, "--samples", "0"])
        #expect(bad.status == 2)
    }

    @Test func elboScoresTheTestSetWithStandardErrors() throws {
        let r = try runUnmask(["elbo", "--model", Self.model, "--data", "test", "--items", "4", "--samples", "8", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let sequences = o["sequences"] as! [[String: Any]]
        #expect(sequences.count == 4 && sequences.allSatisfy { ($0["se"] as! Double) > 0 && ($0["tokens"] as! Int) == 4 })
        #expect((o["bits_per_token"] as! Double) > 0 && (o["nfe"] as! Int) > 0)
        let bad = try runUnmask(["elbo", "--model", Self.model, "--text", "1+1", "--data", "test"])
        #expect(bad.status == 2)
    }
}
