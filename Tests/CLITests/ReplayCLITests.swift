import Foundation
import Testing

/// `unmask replay --check` on the recording committed in Examples/recorders (from a tiny random
/// PyTorch model, via record_llada.py), on corrupted copies, and on a file `unmask sample` wrote.
struct ReplayCLITests {
    static let root = String(#filePath.dropLast("Tests/CLITests/ReplayCLITests.swift".count))
    static let recording = root + "Examples/recorders/tiny-llada.trajectory.jsonl"

    /// Copies the trajectory `file` to `destination` with token 0 of the last step's row 0 set to
    /// 99999, an id no bundled model has (a prompt position: no commit names it).
    static func writeWithForeignToken(from file: String, to destination: String) throws {
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        var last = try #require(JSONSerialization.jsonObject(with: Data(lines[lines.count - 1].utf8)) as? [String: Any])
        var rows = try #require(last["rows"] as? [[String: Any]])
        var tokens = try #require(rows[0]["tokens"] as? [Int])
        tokens[0] = 99999
        rows[0]["tokens"] = tokens
        last["rows"] = rows
        lines[lines.count - 1] = String(decoding: try JSONSerialization.data(withJSONObject: last), as: UTF8.self)
        try (lines.joined(separator: "\n") + "\n").write(toFile: destination, atomically: true, encoding: .utf8)
    }

    @Test func checkSummarisesTheCommittedRecording() throws {
        let r = try runUnmask(["replay", "--check", Self.recording])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == "\(Self.recording): 2 rows, 8 steps, length 20 (prompt 4), text, NFE 8, text from token_text; "
                + "row 0: \"abcdhqrnrklqrlkukqrh\"; ids not checked (no model at tiny-random-llada; --model DIR)\n")
    }

    /// The file as another reader sees it: plain JSON lines, the optional keys where the schema says.
    @Test func theRecordingIsPlainSchemaV1JSONLines() throws {
        let lines = try String(contentsOfFile: Self.recording, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let header = objects[0]
        #expect(header["format"] as? String == "unmask-trajectory" && header["version"] as? Int == 1)
        #expect(header["mask_token_id"] as? Int == 23 && header["shape"] as? [Int] == [2, 20])
        let text = header["token_text"] as! [String: String]
        var seen = Set<Int>()
        for step in objects.dropFirst() {
            for row in step["rows"] as! [[String: Any]] { seen.formUnion(row["tokens"] as! [Int]) }
        }
        seen.remove(23)
        #expect(seen.allSatisfy { text[String($0)] != nil }, "every token shown has its text")
        #expect(objects.dropFirst().map { $0["step"] as! Int } == Array(0..<8))
    }

    func corrupted(_ edit: (inout [String]) -> Void) throws -> String {
        var lines = try String(contentsOfFile: Self.recording, encoding: .utf8).split(separator: "\n").map(String.init)
        edit(&lines)
        let path = FileManager.default.temporaryDirectory.path + "/replay-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func corruptedCopiesFailNamingLineAndField() throws {
        let badT = try corrupted { $0[4] = $0[4].replacingOccurrences(of: #""t":"#, with: #""t":"late","was":"#) }
        var r = try runUnmask(["replay", "--check", badT])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr == "unmask replay: \(badT): line 5, field t: expected Double\n")

        let short = try corrupted { $0[2] = $0[2].replacingOccurrences(of: #""tokens":[0,"#, with: #""tokens":["#) }
        r = try runUnmask(["replay", "--check", short])
        #expect(
            r.status == 1
                && r.stderr.contains("\(short): line 3, field rows[0].tokens: 19 tokens, the header's sequences have 20"))

        // Header fields that contradict the rows (each once passed --check).
        let shape = try corrupted { $0[0] = $0[0].replacingOccurrences(of: #""shape":[2,20]"#, with: #""shape":[2,5]"#) }
        r = try runUnmask(["replay", "--check", shape])
        #expect(r.status == 1 && r.stderr.contains("line 1, field shape: [2, 5], but the rows are [2, 20]"), "\(r.stderr)")
        let steps = try corrupted { $0[0] = $0[0].replacingOccurrences(of: #""steps":8"#, with: #""steps":-4"#) }
        r = try runUnmask(["replay", "--check", steps])
        #expect(r.status == 1 && r.stderr.contains("line 1, field sampler.steps: -4 is not a step count"), "\(r.stderr)")

        // Bytes that are not UTF-8 are a problem of the file at their line (status 1), like any
        // bad line (they were once a usage error with no line).
        let binary = FileManager.default.temporaryDirectory.path + "/replay-binary-\(UUID().uuidString).jsonl"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.recording)).prefix(while: { $0 != 0x0A }) + [0x0A]
        bytes += Data([0xFF, 0xFE, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: binary))
        r = try runUnmask(["replay", "--check", binary])
        #expect(r.status == 1 && r.stderr == "unmask replay: \(binary): line 2: not UTF-8 text\n", "\(r.stderr)")

        // A step line lost from the middle (it once passed: steps only had to increase).
        let gap = try corrupted { $0.remove(at: 4) }
        r = try runUnmask(["replay", "--check", gap])
        #expect(r.status == 1 && r.stderr.contains("\(gap): line 5, field step: step 4 after step 2"), "\(r.stderr)")

        let truncated = try corrupted { $0[7] = String($0[7].prefix(40)) }
        r = try runUnmask(["replay", "--check", truncated])
        // Where the cut line stops being JSON (it said only "The given data was not valid JSON.").
        #expect(r.status == 1 && r.stderr.contains("\(truncated): line 8: not JSON: "), "\(r.stderr)")
        #expect(r.stderr.contains(" at byte 40"), "\(r.stderr)")

        // A path that cannot be read is a usage error, said in plain words (it once dumped an
        // NSCocoaErrorDomain record and exited 1).
        r = try runUnmask(["replay", "--check", "/no/such/file.jsonl"])
        #expect(r.status == 2 && r.stderr == "unmask replay: /no/such/file.jsonl: No such file or directory\n", "\(r.stderr)")
        // A folder and a FIFO: plain words too (a folder once dumped NSCocoaErrorDomain Code=256).
        let folder = FileManager.default.temporaryDirectory.path
        r = try runUnmask(["replay", "--check", folder])
        #expect(r.status == 2 && r.stderr == "unmask replay: \(folder): not a regular file\n", "\(r.stderr)")
        let fifo = folder + "/replay-fifo-\(UUID().uuidString)"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        r = try runUnmask(["replay", "--check", fifo])
        #expect(r.status == 2 && r.stderr == "unmask replay: \(fifo): not a regular file\n", "\(r.stderr)")
    }

    /// The viewer needs a terminal: without one it says so (status 2) before drawing anything;
    /// tmux tests drive the viewer itself (Tests/EndToEnd/test_workbench.sh).
    @Test func theViewerWithoutATerminalIsAUsageError() throws {
        let r = try runUnmask(["replay", Self.recording])
        #expect(r.status == 2 && r.stderr.contains("not a terminal"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aSampledTrajectoryReadsWithItsModelsTokenizer() throws {
        let out = FileManager.default.temporaryDirectory.path + "/replay-sample-\(UUID().uuidString).jsonl"
        let model = Self.root + "Examples/models/sudoku4"
        let s = try runUnmask(["sample", "--model", model, "--out", out])
        #expect(s.status == 0, "\(s.stderr)")
        let r = try runUnmask(["replay", "--check", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("text from \(model)/tokenizer.json; row 0: \""))
        #expect(!r.stdout.contains("cannot resample"), "\(r.stdout)")
        // A sampler the model cannot run (another model's EOS ids, as old recordings had) leaves
        // the file viewable, but `r` would be refused: --check says so.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        try text.replacingOccurrences(of: #""eos_token_ids":[]"#, with: #""eos_token_ids":[9999]"#)
            .write(toFile: out, atomically: true, encoding: .utf8)
        let eos = try runUnmask(["replay", "--check", out])
        #expect(
            eos.status == 0 && eos.stdout.contains("its sampler cannot resample with this model: eos token id 9999"),
            "\(eos.stdout)")
    }

    /// With a model, every token id is checked against it: an id past the vocabulary once passed
    /// `--check` and then trapped the viewer's first forward pass, and a file recorded with
    /// another model showed its masks as that model's tokens.
    @Test func idsAreCheckedAgainstTheModelThatExplainsTheFile() throws {
        let out = FileManager.default.temporaryDirectory.path + "/replay-ids-\(UUID().uuidString).jsonl"
        let countdown = Self.root + "Examples/models/countdown"
        #expect(try runUnmask(["sample", "--model", countdown, "--out", out]).status == 0)
        let bad = out + ".bad.jsonl"
        try Self.writeWithForeignToken(from: out, to: bad)
        let r = try runUnmask(["replay", "--check", bad])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("rows[0].tokens[0]: id 99999 is not a token of the model"), "\(r.stderr)")
        #expect(r.stderr.contains(": step "), "\(r.stderr)")
        let other = try runUnmask(["replay", "--check", out, "--model", Self.root + "Examples/models/text"])
        #expect(other.status == 1 && other.stderr.contains("the file was recorded with another model"), "\(other.stderr)")
        let missing = try runUnmask(["replay", "--check", out, "--model", missingFolder])
        #expect(missing.status == 2, "--check honours --model: \(missing.stderr)")
        #expect(try runUnmask(["replay", "--check", out]).status == 0)
    }

    /// A file sampled with a relative model path (from the repository) once recorded it as typed:
    /// replayed from another folder it opened display-only and `--check` skipped the model's
    /// vocabulary. The header now holds absolute paths, and the check finds the model anywhere.
    @Test func aFileFindsItsModelFromAnyFolder() throws {
        let out = FileManager.default.temporaryDirectory.path + "/replay-where-\(UUID().uuidString).jsonl"
        let sampled = try runUnmask(["sample", "--model", "Examples/models/countdown", "--out", out], directory: Self.root)
        #expect(sampled.status == 0, "\(sampled.stderr)")
        let first = try String(contentsOfFile: out, encoding: .utf8).prefix { $0 != "\n" }
        let header = try #require(JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(header["model"] as? String == Self.root + "Examples/models/countdown")
        #expect((header["tokenizer"] as? String)?.hasPrefix(Self.root + "Examples/models/countdown/") == true)
        // An id past the model's vocabulary is caught from /tmp: the model was found.
        try Self.writeWithForeignToken(from: out, to: out)
        let r = try runUnmask(["replay", "--check", out], directory: NSTemporaryDirectory())
        #expect(r.status == 1 && r.stderr.contains("id 99999 is not a token of the model"), "\(r.stderr)")
    }

    /// A trajectory sampled from a run folder (`--model runs/cd`, whose config.json is in
    /// `latest/`) once replayed display-only and unchecked: the header's folder was taken for a
    /// model only with config.json at its top. `--check` now says what it checked the ids against.
    @Test func aRunFolderInTheHeaderIsTheModel() throws {
        let run = FileManager.default.temporaryDirectory.path + "/replay-run-\(UUID().uuidString)"
        let train = ["train", "--task", "arith", "--preset", "nano", "--batch", "4", "--threads", "1", "--warmup", "1"]
        #expect(try runUnmask(train + ["--steps", "2", "--out", run]).status == 0)
        let out = run + ".jsonl"
        #expect(try runUnmask(["sample", "--model", run, "--out", out]).status == 0)
        let r = try runUnmask(["replay", "--check", out], directory: NSTemporaryDirectory())
        #expect(r.status == 0 && r.stdout.contains("; ids checked against "), "\(r.stdout)\(r.stderr)")
    }
}
