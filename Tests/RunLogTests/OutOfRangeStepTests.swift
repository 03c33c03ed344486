import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

/// Steps a chart cannot place (null = NaN, ±∞, beyond ±2⁵³, near ±2⁶³, text) are skipped with a
/// warning naming the file and line or entry; they never trap a reader, and the steps that
/// remain can be subtracted from one another without overflow.
struct OutOfRangeStepTests {
    @Test func metricsLinesWithUnplaceableStepsAreSkippedAndReported() throws {
        let path = try F.temporaryDirectory() + "/metrics.jsonl"
        let lines = [
            #"{"step": null, "loss": 1}"#, #"{"step": 1e300, "loss": 1}"#, #"{"step": 9223372036854775808, "loss": 1}"#,
            #"{"step": -9.3e18, "loss": 1}"#, #"{"step": 3, "loss": 1e308, "kl": -1.7e308}"#, #"{"global_step": 1e19}"#,
            #"{"step": "12", "loss": 1}"#, #"{"global_step": [4], "loss": 1}"#
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let reader = MetricsReader(path: path)
        let records = try reader.poll()
        #expect(records.map(\.step) == [3])
        #expect(records.first?["loss"] == 1e308)
        #expect(reader.warnings.map(\.line) == [1, 2, 3, 4, 6, 7, 8])
        #expect(reader.warnings.last?.problem == "global_step is not a number; record skipped")
        #expect(reader.warnings.allSatisfy { $0.path == path && $0.problem.contains("step") })
    }

    @Test func trainerStateEntriesWithUnplaceableStepsAreSkippedAndReported() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try
            #"{"log_history": [{"step": NaN, "loss": 1}, {"step": Infinity}, {"step": 1e300}, {"step": -Infinity}, {"step": 2, "loss": NaN}]}"#
            .write(toFile: path, atomically: false, encoding: .utf8)
        let reader = TrainerStateReader(path: path)
        let records = try #require(try reader.poll())
        #expect(records.map(\.step) == [2])
        #expect(records.first?["loss"]?.isNaN == true)
        #expect(reader.warnings.count == 4)
        #expect(reader.warnings.first?.description.hasPrefix("\(path): log_history[0]: ") == true, "\(reader.warnings)")
    }

    @Test func eventStepsNearTheInt64LimitsAreSkippedAndReported() throws {
        let writer = try EventFileWriter(folder: try F.temporaryDirectory(), wallTime: 1_767_225_600)
        for step in [Int(Int64.max), Int(Int64.min), 5, Int(Int64.max) - 1] {
            try writer.append(MetricsRecord(step: step, wallTime: 1_767_225_600, values: [("loss", 1)]))
        }
        let reader = EventFileReader(path: writer.path)
        #expect(try reader.poll().map(\.step) == [5])
        #expect(reader.warnings.count == 3 && reader.warnings.allSatisfy { $0.problem.contains("step") })
    }
}
