import Foundation
import Testing

@testable import MaskedDiffusion

/// A model folder's recorded training text is found from the folder when the current directory
/// lacks it (an installed model, or a workbench started elsewhere); other paths are kept.
struct DatasetPathTests {
    /// root/Examples/models/m, root/Examples/data/c.txt and root/Examples/idx in a fresh
    /// temporary folder.
    static func tree() throws -> (root: String, model: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-paths-\(UUID().uuidString)").path
        let model = root + "/Examples/models/m"
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Examples/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Examples/idx", withIntermediateDirectories: true)
        try "hello".write(toFile: root + "/Examples/data/c.txt", atomically: true, encoding: .utf8)
        return (root, model)
    }

    @Test func aRelativeTextPathIsFoundFromTheModelFoldersAncestors() throws {
        let (root, model) = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spec = DatasetSpec.text(path: "Examples/data/c.txt", seqLen: 8)
        #expect(spec.resolvingPaths(from: model) == .text(path: root + "/Examples/data/c.txt", seqLen: 8))
        #expect(
            DatasetSpec.mnist(directory: "Examples/idx").resolvingPaths(from: model)
                == .mnist(directory: root + "/Examples/idx"))
    }

    @Test func pathsFoundFromHereAbsoluteOrNowhereAreKept() throws {
        let (root, model) = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The tests run in the package folder, where the bundled corpus is.
        let here = DatasetSpec.text(path: "Examples/data/corpus.txt", seqLen: 64)
        #expect(here.resolvingPaths(from: model) == here)
        let absolute = DatasetSpec.text(path: "/no/such/c.txt", seqLen: 8)
        #expect(absolute.resolvingPaths(from: model) == absolute)
        let nowhere = DatasetSpec.text(path: "Examples/data/none.txt", seqLen: 8)
        #expect(nowhere.resolvingPaths(from: model) == nowhere)
        #expect(DatasetSpec.glyphs.resolvingPaths(from: model) == .glyphs)
        // Opening a path found nowhere names the file and says why, without a Foundation dump.
        #expect(throws: TokenizerError.unreadable(path: "Examples/data/none.txt", reason: "No such file or directory")) {
            try TextFile.read("Examples/data/none.txt")
        }
    }

    /// A text too short for a window on both sides of the held-out split, or windows too long for
    /// the text, once trapped in a precondition (a new user's try-out, session 15).
    @Test func aTextTooShortForItsWindowsIsAnErrorNamingTheFile() throws {
        let dir = try SafetensorsFixtures.temporaryDirectory()
        let file = dir + "/short.txt"
        try String(repeating: "abcdefghij", count: 7).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.textTooShort(file: file, tokens: 70, seqLen: 64, needed: 635)) {
            try DatasetSpec.text(path: file, seqLen: 64).open(seed: 0)
        }
        #expect(throws: DatasetError.textTooShort(file: file, tokens: 70, seqLen: 8, needed: 75)) {
            try DatasetSpec.text(path: file, seqLen: 8).open(seed: 0)
        }
        _ = try DatasetSpec.text(path: file, seqLen: 7).open(seed: 0)  // 63 + 7: one window each side
        #expect(throws: TokenizerError.unreadable(path: dir, reason: "not a regular file")) { try TextFile.read(dir) }
    }

    /// A byte-order mark and CR LF line ends once became tokens of a character model ('\r' after
    /// every line); an empty file surfaced as "invalid vocabulary: no characters", naming no file.
    @Test func aBOMAndWindowsLineEndsAreNotText() throws {
        let dir = try SafetensorsFixtures.temporaryDirectory()
        let windows = dir + "/windows.txt", unix = dir + "/unix.txt", empty = dir + "/empty.txt"
        try Data([0xEF, 0xBB, 0xBF] + Array("ab\r\ncd\r\n\rx".utf8)).write(to: URL(fileURLWithPath: windows))
        try Data("ab\ncd\n\rx".utf8).write(to: URL(fileURLWithPath: unix))
        #expect(try TextFile.read(windows) == "ab\ncd\n\rx")  // a lone CR is text
        #expect(try CharacterTokenizer(contentsOfFile: windows).vocabSize == CharacterTokenizer(contentsOfFile: unix).vocabSize)
        // A run trained before, with '\r' in its vocabulary, reads the file as written on resume, so
        // its windows and held-out split stay where they were.
        let lines = Data((0..<200).flatMap { Array("line \($0 % 10)\r\n".utf8) })
        try lines.write(to: URL(fileURLWithPath: windows))
        let older = ModelTokenizer.text(try CharacterTokenizer(text: String(decoding: lines, as: UTF8.self)))
        let (resumed, _) = try DatasetSpec.text(path: windows, seqLen: 8).open(seed: 0, tokenizer: older)
        #expect((resumed as? TextSource)?.tokens.count == lines.count)
        let (fresh, _) = try DatasetSpec.text(path: windows, seqLen: 8).open(seed: 0)
        #expect((fresh as? TextSource)?.tokens.count == lines.count - 200)
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(throws: TokenizerError.unreadable(path: empty, reason: "the file holds no text")) { try TextFile.read(empty) }
    }
}
