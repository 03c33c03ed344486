import Foundation
import Testing

@testable import Workbench

/// README's screenshots and key reference are copies of what the code draws: these fail when a
/// pane or a binding changes and README was not updated (copy the snapshot file in).
struct ReadmeTests {
    static let readme: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: [
        "WatchThreeRuns", "WatchESPOHeadline", "WorkbenchTokensStep2", "WorkbenchBranch", "Layout-tokens-map-120x40",
        "Layout-tokens-sudoku4-base-80x24", "WorkbenchImageStep1",
        "WorkbenchCompare", "PaneELBO",
        "PaneTraining", "PaneModels"
    ])
    func screenshotIsTheSnapshot(_ name: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        let snapshot = try String(contentsOf: file, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
        #expect(Self.readme.contains("```\n" + snapshot + "\n```"), "README's \(name) screenshot is out of date")
    }

    @Test func keyReferenceIsGeneratedFromTheBindings() {
        #expect(Self.readme.contains(KeyReference.markdown()))
        #expect(KeyReference.markdown().contains("| Trajectory | p | pin next candidate at cursor (branch) |"))
    }
}
