import Foundation
import Testing

@testable import Workbench

/// The preferences file: where it lives, a round trip, and bad contents named by file and field.
struct PreferencesTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "unmask-prefs-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func theFileIsInTheXDGConfigFolder() {
        #expect(PreferencesFile(environment: ["XDG_CONFIG_HOME": "/x/cfg"]).path == "/x/cfg/unmask/preferences.json")
        #expect(
            PreferencesFile(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/u"]).path
                == "/home/u/.config/unmask/preferences.json")
    }

    @Test func writtenPreferencesReadBackAndAMissingFileIsNone() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = PreferencesFile(environment: ["XDG_CONFIG_HOME": dir])
        #expect(try file.read() == Preferences())
        let p = Preferences(theme: "nord", lastModel: "Examples/models/glyphs")
        try file.write(p)
        #expect(try file.read() == p)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/unmask") == ["preferences.json"])
    }

    @Test func badContentsNameTheFileAndField() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = PreferencesFile(path: dir + "/p.json")
        func refusal(_ text: String) -> PreferencesError? {
            try? text.write(toFile: file.path, atomically: true, encoding: .utf8)
            do { _ = try file.read(); return nil } catch { return error }
        }
        #expect(refusal(#"{"theme": 3}"#) == PreferencesError(path: file.path, field: "theme", reason: "expected a string"))
        #expect(refusal(#"{"last_model": [1]}"#)?.field == "last_model")
        #expect(refusal("theme = nord")?.description.hasPrefix(file.path + ": not a JSON object") == true)
        #expect(refusal("[1]")?.description.hasPrefix(file.path + ": not a JSON object") == true)
        #expect(refusal(#"{"theme": "nord", "future": 1}"#) == nil)
        let folder = PreferencesFile(path: dir)
        #expect(throws: PreferencesError(path: dir, reason: "is a folder, not a file")) { try folder.read() }
    }
}
