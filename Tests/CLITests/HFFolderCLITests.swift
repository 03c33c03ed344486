import Foundation
import Testing

/// Hugging Face folders of every family (MaskedDiffusionTests' make_hf_families_fixture.py): `unmask
/// import` says what it read, and the commands open a folder in place with `--model`, through its
/// own tokenizer.json in the file's ids, never producing the mask.
struct HFFolderCLITests {
    static let fixtures =
        String(#filePath.dropLast("Tests/CLITests/HFFolderCLITests.swift".count))
        + "Tests/MaskedDiffusionTests/Fixtures/hf_families/"

    /// A copy of a fixture with a vocabulary tokenizer of one letter per embedding row (file ids).
    static func folderWithTokenizer(_ variant: String, rows: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.path + "/hf-folder-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: fixtures + variant, toPath: dir)
        let letters = (Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ").prefix(rows)).map { "\"\($0)\"" }
        try #"{"kind": "vocabulary", "tokens": [\#(letters.joined(separator: ","))]}"#
            .write(toFile: dir + "/tokenizer.json", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func importSaysWhatTheModelHas() throws {
        let out = FileManager.default.temporaryDirectory.path + "/hf-import-\(UUID().uuidString)"
        let r = try runUnmask(["import", Self.fixtures + "qwen3-bf16", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "qwen3, BF16 in 1 file: 35 tokens + mask, d 24, 2 layers, 4 heads, ff 40, 64 positions, 2 key/value heads, "
                    + "head width 8, q/k norms, mask id 20 moved last → \(out)"), "\(r.stdout)")
        #expect(r.stdout.contains("no tokenizer stored"))
        // The fixture has no tokenizer.json, so opening it in place is not offered (it once was,
        // and then failed for the missing tokenizer).
        #expect(!r.stdout.contains("itself with --model"), "\(r.stdout)")
        let dream = try runUnmask(["import", Self.fixtures + "dream-f32", "--out", out + "-dream"])
        #expect(dream.stdout.contains("Dream, F32 in 1 file") && dream.stdout.contains("q/k/v biases, shifted prediction"))
    }

    /// llama-gqa-f32's mask is file id 5, the letter "f" in this tokenizer: the sampler must
    /// never write it, although the prompt may use every other letter.
    @Test func sampleOpensTheFolderInPlaceAndNeverWritesTheMask() throws {
        let dir = try Self.folderWithTokenizer("llama-gqa-f32", rows: 40)
        for seed in ["1", "2", "3"] {
            let s = try runUnmask([
                "sample", "--model", dir, "--prompt", "abc", "--length", "24", "--temperature", "1", "--seed", seed, "--json"
            ])
            #expect(s.status == 0, "\(s.stderr)")
            let rows =
                (try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]]
            let text = try #require(rows?.first?["text"] as? String, "\(s.stdout)")
            #expect(text.count == 27 && text.hasPrefix("abc") && !text.contains("f"), "\(text)")
        }
    }

    /// Broken folders are named by the file and what is wrong there: a weight that is not finite
    /// by its shard (the folder was named), a config without model_type by that field (it read
    /// as an Unmask config: "missing field 'rope_theta'" alone), a config that is an array plainly.
    /// A byte-order mark before the JSON is skipped, as Foundation's decoder does.
    @Test func brokenFoldersNameTheFileAndField() throws {
        let nan = try Self.folderWithTokenizer("llama-gqa-f32", rows: 40)
        let weights = nan + "/model.safetensors"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: weights)))
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as! [String: Any]
        let start = try #require(((header["model.norm.weight"] as? [String: Any])?["data_offsets"] as? [Int])?.first)
        bytes.replaceSubrange((8 + headerLength + start)..<(12 + headerLength + start), with: [0x00, 0x00, 0xC0, 0x7F])
        try Data(bytes).write(to: URL(fileURLWithPath: weights))
        let r = try runUnmask(["sample", "--model", nan, "--length", "4"])
        #expect(r.status != 0 && r.stderr.contains("\(weights): tensor 'model.norm.weight' holds nan"), "\(r.stderr)")

        let dir = try Self.folderWithTokenizer("llama-gqa-f32", rows: 40)
        let config = dir + "/config.json"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        try original.replacingOccurrences(of: #""model_type""#, with: #""model_kind""#)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let untyped = try runUnmask(["sample", "--model", dir, "--length", "4"])
        #expect(untyped.stderr.contains("config.json: missing field '"), "\(untyped.stderr)")
        #expect(
            untyped.stderr.contains("no model_type: a Hugging Face config names its family (supported: "), "\(untyped.stderr)")
        try "[1, 2]".write(toFile: config, atomically: true, encoding: .utf8)
        let array = try runUnmask(["sample", "--model", dir, "--length", "4"])
        #expect(array.stderr.contains("config.json: the file must hold an object, as JSON"), "\(array.stderr)")
        try ("\u{FEFF}" + original).write(toFile: config, atomically: true, encoding: .utf8)
        let marked = try runUnmask(["sample", "--model", dir, "--length", "4"])
        #expect(marked.status == 0, "\(marked.stderr)")
        // A folder that is not there (it once read "cannot read the file: no config.json here…").
        let missing = try runUnmask(["sample", "--model", dir + "/none"])
        #expect(missing.stderr.contains("\(dir)/none: no such folder"), "\(missing.stderr)")
    }

    /// The folder's own tokenizer numbers the mask where the file does, not last as an imported
    /// checkpoint: `import --tokenizer` with it says so and where it fits (README once showed
    /// this call, which answered only "40 tokens, the model has 39").
    @Test func importSaysTheFoldersOwnTokenizerFitsOnlyInPlace() throws {
        let dir = try Self.folderWithTokenizer("llama-gqa-f32", rows: 40)
        let out = FileManager.default.temporaryDirectory.path + "/hf-import-\(UUID().uuidString)"
        let r = try runUnmask(["import", dir, "--out", out, "--tokenizer", dir + "/tokenizer.json"])
        #expect(r.status != 0 && !FileManager.default.fileExists(atPath: out + "/model.safetensors"))
        #expect(r.stderr.contains("40 tokens with the mask at 5, as the Hugging Face folder numbers them"), "\(r.stderr)")
        #expect(r.stderr.contains("Open \(dir) in place with --model"), "\(r.stderr)")
    }

    /// A trajectory file holds the folder's own ids (mask 5, "f"), as other tools record them:
    /// files once held the engine's (mask last), so `replay --check` decoded every letter past
    /// "f" one too low through the folder's tokenizer, and a recording in the folder's ids was
    /// refused as "recorded with another model".
    @Test func trajectoriesHoldTheFoldersOwnIds() throws {
        let dir = try Self.folderWithTokenizer("llama-gqa-f32", rows: 40)
        let out = dir + "/sample.jsonl"
        let s = try runUnmask(["sample", "--model", dir, "--prompt", "xyz", "--length", "12", "--out", out, "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let rows =
            (try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]]
        let text = try #require(rows?.first?["text"] as? String, "\(s.stdout)")
        let header = try #require(
            try JSONSerialization.jsonObject(with: Data(String(contentsOfFile: out, encoding: .utf8).prefix { $0 != "\n" }.utf8))
                as? [String: Any])
        #expect(header["mask_token_id"] as? Int == 5)
        // The prompt's letters at their places in the tokenizer (past the mask), then masks.
        #expect((header["initial_tokens"] as? [[Int]])?.first == [23, 24, 25] + Array(repeating: 5, count: 12))
        let check = try runUnmask(["replay", "--check", out])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("row 0: \"\(text)\"; ids checked against"), "\(check.stdout) vs \(text)")
        // A mask id the folder does not have is named as the file states it.
        let file = try String(contentsOfFile: out, encoding: .utf8)
        try file.replacingOccurrences(of: #""mask_token_id":5"#, with: #""mask_token_id":7"#)
            .write(toFile: out, atomically: true, encoding: .utf8)
        let wrong = try runUnmask(["replay", "--check", out])
        #expect(wrong.status == 1 && wrong.stderr.contains("line 1, field mask_token_id: 7, but "), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("'s mask is 5"), "\(wrong.stderr)")
    }

    /// Dream (q/k/v biases, GQA, shifted prediction, mask id 40 of 48) scored by the ELBO in place.
    @Test func elboScoresTextWithADreamFolder() throws {
        let dir = try Self.folderWithTokenizer("dream-f32", rows: 48)
        let r = try runUnmask(["elbo", "--model", dir, "--text", "abcdeghij", "--samples", "8", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let sequences = try #require(o?["sequences"] as? [[String: Any]], "\(r.stdout)")
        #expect(sequences.count == 1 && (sequences[0]["tokens"] as? Int) == 9)
        #expect(((o?["bits_per_token"] as? Double) ?? 0) > 0)
    }

    @Test func theWorkbenchLoadsTheFolderAndBadFoldersAreNamed() throws {
        let dir = try Self.folderWithTokenizer("qwen2-tied-sharded", rows: 48)
        let r = try runUnmask(["tui", "--model", dir], stdin: "")
        #expect(r.status == 2 && r.stderr.contains("not a terminal"), "\(r.stderr)")

        try FileManager.default.removeItem(atPath: dir + "/tokenizer.json")
        let noTokenizer = try runUnmask(["sample", "--model", dir])
        #expect(noTokenizer.status == 2 && noTokenizer.stderr.contains("\(dir)/tokenizer.json: cannot read the file: missing"))

        let broken = try Self.folderWithTokenizer("qwen3-tied-f32", rows: 36)
        try FileManager.default.removeItem(atPath: broken + "/model.safetensors")
        let missing = try runUnmask(["tui", "--model", broken])
        #expect(missing.status == 2 && missing.stderr.contains("neither model.safetensors nor"), "\(missing.stderr)")
    }
}
