import Testing

@testable import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A fresh directory under the system temporary directory, removed on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/unmask-tokenizer-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ bytes: [UInt8], to file: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: file)) }

    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct TokenizerFileTests {
    @Test func characterTokenizerRoundTrips() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/" + TokenizerFile.fileName
        let t = try CharacterTokenizer(text: "Ab \"/\\\n\t€🐈")
        try TokenizerFile.write(t, to: file)
        #expect(try dir.contents() == ["tokenizer.json"])  // no temporary file left behind
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(try TokenizerFile.kind(of: data) == "characters")
        let loaded = try TokenizerFile.loadText(from: file)
        #expect((loaded as? CharacterTokenizer) == t)
        #expect(loaded.vocabSize == t.vocabSize)
    }

    @Test func vocabularyTokenizerRoundTripsWithTaskName() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/tokenizer.json"
        let t = TaskVocabulary.tokenizer(task: "sudoku")
        try TokenizerFile.write(t, to: file)
        try TokenizerFile.write(t, to: file)  // overwriting is fine
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        #expect(text.contains("\"kind\" : \"vocabulary\"") && text.contains("\"task\" : \"sudoku\""))
        #expect(text.contains("\"</answer>\""))
        let loaded = try #require(try TokenizerFile.loadText(from: file) as? VocabularyTokenizer)
        #expect(loaded == t && loaded.task == "sudoku" && loaded.eosId == 0)
        #expect(try loaded.encode("<answer>12</answer>") == t.encode("<answer>12</answer>"))
    }

    @Test func otherKindsAndBrokenFilesAreClearErrors() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/tokenizer.json"
        try dir.write([UInt8](#"{"kind": "image_patches", "codebook": 16}"#.utf8), to: file)
        #expect(throws: TokenizerError.unsupportedKind("image_patches")) { try TokenizerFile.loadText(from: file) }
        try dir.write([UInt8](#"{"kind": "characters", "unit": "unicode_scalars", "tokens": ["b", "a"]}"#.utf8), to: file)
        #expect(throws: TokenizerError.invalidVocabulary("tokens not sorted and unique")) {
            try TokenizerFile.loadText(from: file)
        }
        try dir.write([UInt8](#"{"kind": "characters", "unit": "unicode_scalars", "tokens": ["ab"]}"#.utf8), to: file)
        #expect(throws: TokenizerError.self) { try TokenizerFile.loadText(from: file) }
        try dir.write([UInt8](#"{"kind": "vocabulary", "tokens": ["a"], "eos_token": "<eos>"}"#.utf8), to: file)
        #expect(throws: TokenizerError.self) { try TokenizerFile.loadText(from: file) }
        #expect(throws: TokenizerError.self) { try TokenizerFile.loadText(from: dir.path + "/none.json") }
    }

    /// Messages name the file and say where: Foundation's "The given data was not valid JSON."
    /// once stood alone for a cut-off file and for a number its field cannot hold.
    @Test func decodingErrorsNameTheFieldOrTheByte() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/tokenizer.json"
        func message(_ text: String) throws -> String {
            try dir.write([UInt8](text.utf8), to: file)
            return "\(try #require(throws: (any Error).self) { try ModelTokenizer.load(from: file) })"
        }
        #expect(try message(#"{"kind": "vocabulary", "tokens": ["a""#) == "\(file): not valid JSON: expected ']' at byte 37")
        #expect(try message(#"{"kind": "vocabulary", "tokens": 5}"#) == "\(file): field 'tokens' must be a list")
        #expect(try message(#"{"kind": 5}"#) == "\(file): field 'kind' must be a string")
        let glyphs = String(decoding: try ImageFixtures.tokenizer.jsonData(), as: UTF8.self)
        #expect(glyphs.contains(#""patch_size":2,"#))
        #expect(
            try message(glyphs.replacingOccurrences(of: #""patch_size":2,"#, with: #""patch_size":2.5,"#))
                == "\(file): field 'patch_size' holds 2.5: not a whole number, or out of its type's range")
    }
}
