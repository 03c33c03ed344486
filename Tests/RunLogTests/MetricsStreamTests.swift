import Foundation
import Testing

@testable import RunLog

struct MetricsStreamTests {
    func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runlog-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test func writtenRecordsReadBack() throws {
        let path = tempPath("metrics.jsonl")
        let writer = try MetricsWriter(path: path)
        let records = [
            MetricsRecord(step: 0, wallTime: 1_764_400_000.25, values: [("loss", 2.5), ("lr", 3e-4)]),
            MetricsRecord(step: 1, wallTime: 1_764_400_001.5, values: [("grad_norm", .nan), ("loss", 2.25)])
        ]
        for r in records { try writer.append(r) }
        let read = try MetricsReader(path: path).poll()
        #expect(read.count == 2)
        #expect(read[0].step == 0 && read[0].wallTime == 1_764_400_000.25)
        #expect(read[0]["loss"] == 2.5 && read[0]["lr"] == 3e-4)
        #expect(read[1]["grad_norm"]!.isNaN && read[1]["loss"] == 2.25)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"grad_norm\": null"), "NaN is written as JSON null")
    }

    @Test func halfWrittenLastLineIsRetriedNotReported() throws {
        let path = tempPath("metrics.jsonl")
        try "{\"step\": 0, \"loss\": 1.0}\n{\"step\": 1, \"lo".write(toFile: path, atomically: false, encoding: .utf8)
        let reader = MetricsReader(path: path)
        #expect(try reader.poll().map(\.step) == [0])
        #expect(reader.warnings.isEmpty)
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("ss\": 0.5}\n{\"step\": 2, \"loss\": 0.25}\n".utf8))
        try handle.close()
        let more = try reader.poll()
        #expect(more.map(\.step) == [1, 2] && more[0]["loss"] == 0.5)
        #expect(reader.warnings.isEmpty)
        #expect(try reader.poll().isEmpty)
    }

    @Test func corruptCompleteLineIsSkippedWithItsLineNumber() throws {
        let path = tempPath("metrics.jsonl")
        try "{\"step\": 0, \"loss\": 1}\nnot json\n{\"step\": 2, \"loss\": 3, \"note\": \"x\"}\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let reader = MetricsReader(path: path)
        let records = try reader.poll()
        #expect(records.map(\.step) == [0, 2])
        #expect(records[1].values.map(\.name) == ["loss"], "strings are ignored")
        #expect(reader.warnings.map(\.description) == ["\(path):2: not a JSON object; line skipped"])
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: RunLogError.self) { try MetricsReader(path: "\(missingFolder)/metrics.jsonl").poll() }
    }
}
