import Foundation
import Testing

/// The workbench's command-line surface without a terminal (tmux tests drive the screens).
struct WorkbenchCLITests {
    static let root = String(#filePath.dropLast("Tests/CLITests/WorkbenchCLITests.swift".count))
    @Test func keysPrintsTheReferenceTable() throws {
        let r = try runUnmask(["tui", "--keys"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("| group | keys | action |\n|---|---|---|\n"))
        #expect(r.stdout.contains("| Timeline | Space | play / pause |"))
    }

    @Test func aModelThatDoesNotLoadIsAUsageErrorNamingIt() throws {
        let r = try runUnmask(["tui", "--model", "/no/such/model"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/no/such/model"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let replay = try runUnmask([
            "replay", Self.root + "Examples/recorders/tiny-llada.trajectory.jsonl", "--model", "/no/such/model"
        ])
        #expect(replay.status == 2 && replay.stderr.contains("/no/such/model"), "\(replay.stderr)")
    }

    @Test func withoutATerminalTheWorkbenchSaysSo() throws {
        let r = try runUnmask(["tui", "--model", Self.root + "Examples/models/countdown"], stdin: "")
        #expect(r.status == 2)
        #expect(r.stderr.contains("not a terminal"), "\(r.stderr)")
    }
}
