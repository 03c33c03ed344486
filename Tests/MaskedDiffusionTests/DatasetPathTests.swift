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

    /// A byte-order mark and CR LF line ends are read as written (a run's windows follow the
    /// file's characters, and must not move when it resumes) and named by `notes`; an empty file
    /// once surfaced as "invalid vocabulary: no characters", naming no file.
    @Test func aBOMAndWindowsLineEndsAreReadAsWrittenAndNamed() throws {
        let dir = try SafetensorsFixtures.temporaryDirectory()
        let windows = dir + "/windows.txt", empty = dir + "/empty.txt"
        try Data([0xEF, 0xBB, 0xBF] + Array("ab\r\ncd\r\n".utf8)).write(to: URL(fileURLWithPath: windows))
        let text = try TextFile.read(windows)
        #expect(text == "\u{FEFF}ab\r\ncd\r\n")
        #expect(TextFile.notes(text).count == 2 && TextFile.notes("ab\ncd\r").isEmpty)
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(throws: TokenizerError.unreadable(path: empty, reason: "the file holds no text")) { try TextFile.read(empty) }
    }
}
