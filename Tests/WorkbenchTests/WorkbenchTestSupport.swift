import Foundation
import Terminal
import Testing

/// Draws into a fresh `width`×`height` buffer and returns it, for snapshot and cell-style checks.
func draw(width: Int, height: Int, _ body: (inout Buffer) -> Void) -> Buffer {
    var buffer = Buffer(size: Size(width: width, height: height))
    body(&buffer)
    return buffer
}

/// Compares a screen's text with `Snapshots/<name>.txt`, committed next to this file.
///
/// A missing snapshot, or `UNMASK_RECORD_SNAPSHOTS=1`, writes the file and fails the test so a
/// new or re-recorded snapshot is always looked at before it is committed. Trailing spaces are
/// kept: they are part of what the user sees.
func expectSnapshot(_ buffer: Buffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name + ".txt")
    let actual = buffer.lines.joined(separator: "\n") + "\n"
    let record = ProcessInfo.processInfo.environment["UNMASK_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("snapshot \(name) recorded at \(file.path); check it and run again", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let diff = zip(
            expected.split(separator: "\n", omittingEmptySubsequences: false),
            actual.split(separator: "\n", omittingEmptySubsequences: false)
        )
        .enumerated().filter { $0.element.0 != $0.element.1 }.prefix(5)
        .map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" }
        Issue.record(
            "snapshot \(name) differs (UNMASK_RECORD_SNAPSHOTS=1 re-records):\n\(diff.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }
}
