import Foundation
import Testing

/// `unmask import` on the Hugging Face fixtures of MaskedDiffusionTests (make_hf_import_fixture.py):
/// the folder it writes opens in the other commands when given a tokenizer, and says what is
/// missing when not.
struct ImportCLITests {
    static let fixtures =
        String(#filePath.dropLast("Tests/CLITests/ImportCLITests.swift".count))
        + "Tests/MaskedDiffusionTests/Fixtures/hf_import/"

    static func scratch() -> String { FileManager.default.temporaryDirectory.path + "/import-\(UUID().uuidString)" }

    @Test func importsAShardedBF16CheckpointThatSamplesWithATokenizer() throws {
        let dir = Self.scratch()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tokenizer = dir + "/letters.json"
        try #"{"kind": "vocabulary", "tokens": ["a","b","c","d","e","f","g","h","i","j","k"]}"#
            .write(toFile: tokenizer, atomically: true, encoding: .utf8)
        let out = dir + "/model"
        let r = try runUnmask(["import", Self.fixtures + "llama-bf16-sharded", "--out", out, "--tokenizer", tokenizer])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("llama, BF16 in 2 files: 11 tokens + mask, d 16, 2 layers, 2 heads, ff 24, 32 positions → \(out)"))
        let s = try runUnmask(["sample", "--model", out, "--prompt", "abc", "--length", "4", "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let text =
            ((try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any])["rows"] as! [[String: Any]])[0][
                "text"] as! String
        #expect(text.count == 7 && text.hasPrefix("abc"))

        let again = try runUnmask(["import", Self.fixtures + "llada-f32", "--out", out])
        #expect(again.status == 2 && again.stderr.contains("\(out) holds config.json, model.safetensors, tokenizer.json: --out"))
    }

    /// `--out` into a folder holding other files once kept them beside the imported model; now
    /// it is refused naming what is there, and the folder is left as it was.
    @Test func importIntoANonEmptyFolderIsRefused() throws {
        let out = Self.scratch()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try runUnmask(["import", Self.fixtures + "llama-f16-tied", "--out", out])
        #expect(r.status == 2 && r.stderr.contains("\(out) holds notes.txt: --out must be a new or empty folder"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
    }

    /// `--out` naming a file once failed after the whole load with status 1 ("cannot write: not
    /// a directory"); it is a usage error, and the file is left as it was.
    @Test func importOntoAFileIsRefused() throws {
        let out = Self.scratch()
        try "mine".write(toFile: out, atomically: true, encoding: .utf8)
        let r = try runUnmask(["import", Self.fixtures + "llama-f16-tied", "--out", out])
        #expect(r.status == 2 && r.stderr.contains("\(out) is a file: --out must be a new or empty folder"), "\(r.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "mine")
    }

    @Test func withoutATokenizerCommandsSaySoAndBadSourcesAreNamed() throws {
        let out = Self.scratch()
        let r = try runUnmask(["import", Self.fixtures + "llada-f32", "--out", out])
        #expect(r.status == 0 && r.stdout.contains("no tokenizer stored"), "\(r.stderr)")
        let s = try runUnmask(["sample", "--model", out])
        #expect(s.status == 2 && s.stderr.contains("\(out)/tokenizer.json: cannot read the file: missing"))

        let bad = try runUnmask(["import", Self.fixtures + "nowhere", "--out", Self.scratch()])
        #expect(bad.status == 2 && bad.stderr.contains("nowhere/config.json: cannot read the file"))
        let wrongVocabulary = Self.scratch() + ".json"
        try #"{"kind": "vocabulary", "tokens": ["a","b"]}"#.write(toFile: wrongVocabulary, atomically: true, encoding: .utf8)
        let mismatch = try runUnmask([
            "import", Self.fixtures + "llada-f32", "--out", Self.scratch(), "--tokenizer", wrongVocabulary
        ])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("2 tokens, the model has 11"))
        // A broken tokenizer is named once, with its field (the name was once printed twice).
        let broken = Self.scratch() + ".json"
        try #"{"kind": "characters"}"#.write(toFile: broken, atomically: true, encoding: .utf8)
        let b = try runUnmask(["import", Self.fixtures + "llada-f32", "--out", Self.scratch(), "--tokenizer", broken])
        #expect(b.status == 2 && b.stderr == "unmask import: \(broken): missing field 'unit'\n", "\(b.stderr)")
    }
}
