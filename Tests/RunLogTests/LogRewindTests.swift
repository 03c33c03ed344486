import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

/// Resuming from the checkpoint at step S cuts a run's own logs back to the steps before S.
struct LogRewindTests {
    @Test func jsonLinesAreCutAtTheFirstStepAtOrAfterTheCheckpoint() throws {
        let path = try F.temporaryDirectory() + "/metrics.jsonl"
        let kept = (0..<5).map { #"{"step": \#($0), "loss": 1}"# }
        let text = (kept + [#"{"step": 5, "loss": 1}"#, #"{"step": 6}"#]).joined(separator: "\n") + "\n" + #"{"step": 7, "lo"#
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try LogRewind.jsonLines(at: path, keepingStepsBefore: 5)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == kept.joined(separator: "\n") + "\n")
        try LogRewind.jsonLines(at: path + ".missing", keepingStepsBefore: 5)
    }

    @Test func eventFilesKeepTheHeaderAndTheStepsBeforeTheCheckpoint() throws {
        let writer = try EventFileWriter(folder: try F.temporaryDirectory(), wallTime: 1_767_225_600)
        for step in 0..<6 { try writer.append(MetricsRecord(step: step, wallTime: 1_767_225_600, values: [("loss", 1)])) }
        try LogRewind.eventFiles(in: (writer.path as NSString).deletingLastPathComponent, keepingStepsBefore: 4)
        #expect(try EventFileReader(path: writer.path).poll().map(\.step) == [0, 1, 2, 3])
        try LogRewind.eventFile(at: writer.path, keepingStepsBefore: 0)
        let reader = EventFileReader(path: writer.path)
        #expect(try reader.poll().isEmpty && reader.warnings.isEmpty, "the file-version header stays")
    }
}
