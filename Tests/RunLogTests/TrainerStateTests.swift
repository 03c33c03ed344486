import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

struct TrainerStateTests {
    @Test func readsHFLogHistoryIncludingNaN() throws {
        let reader = TrainerStateReader(path: F.path("hf_run/checkpoint-4/trainer_state.json"))
        let records = try #require(try reader.poll())
        #expect(records.map(\.step) == [1, 2, 3, 4, 4])
        #expect(records[0]["loss"] == 0.5 && records[0]["epoch"] == 0.25 && records[0]["learning_rate"] == 1e-5)
        #expect(records[0]["clip_ratio/region_mean"] == 0.001 && records[0]["step"] == nil)
        #expect(records[1]["grad_norm"]!.isNaN, "Python writes NaN bare")
        #expect(records[4]["eval_loss"] == 0.3)
        #expect(records.allSatisfy { $0.wallTime.isNaN })
        #expect(try reader.poll() == nil, "unchanged")
        #expect(reader.warnings.isEmpty)
    }

    /// Malformed UTF-8 in a key once trapped inside Foundation's JSON5 scanner (the fuzz replay
    /// found it): `unmask watch` on a corrupt trainer_state.json crashed. Now it is a bad file.
    @Test func malformedUTF8IsABadFileNotACrash() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        // JSON5 allows unquoted keys: a stray 0xFD lead byte where a key may start trapped.
        var bytes = Array(#"{"log_history": [{"loss": 0.25,"#.utf8)
        bytes += [0x0A, 0x20, 0xFD]
        bytes += Array(#" "step": 5}]}"#.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = TrainerStateReader(path: path)
        #expect(try reader.poll() == nil)
        #expect(try reader.poll() == nil)
        #expect(reader.warnings.map(\.problem) == ["not a trainer_state.json with a log_history list"])
    }

    /// The number "1e-" trapped Foundation's JSON5 number check (make fuzz found it); the file is
    /// now read as standard JSON after Python's bare NaN/Infinity become null.
    @Test func aCutExponentNoLongerCrashesAndInfinityReadsAsNaN() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try #"{"log_history": [{"loss": 1e-, "step": 5}, {"loss": Infinity, "grad_norm": -Infinity, "step": 6}]}"#
            .write(toFile: path, atomically: false, encoding: .utf8)
        let reader = TrainerStateReader(path: path)
        // Before: a trap inside Foundation, ending the process. The standard decoder reads it or not.
        let cut = try reader.poll()
        #expect(cut == nil || cut?.map(\.step) == [5, 6])
        try #"{"log_history": [{"loss": Infinity, "note": "NaN stays a string", "step": 6}]}"#
            .write(toFile: path, atomically: false, encoding: .utf8)
        let records = try #require(try reader.poll())
        #expect(records.map(\.step) == [6] && records[0]["loss"]!.isNaN && records[0]["note"] == nil)
    }

    @Test func rereadWhenChanged() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try #"{"log_history": [{"loss": 1, "step": 5}]}"#.write(toFile: path, atomically: false, encoding: .utf8)
        let reader = TrainerStateReader(path: path)
        #expect(try reader.poll()?.map(\.step) == [5])
        try #"{"log_history": [{"loss": 1, "step": 5}, {"loss": 0.5, "step": 10}], "global_step": 10}"#
            .write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try reader.poll()?.map(\.step) == [5, 10])
    }

    /// A `null` in log_history costs that entry, with a warning naming it; the whole file was
    /// once dropped as "not a trainer_state.json".
    @Test func aNullEntryIsSkippedNotTheFile() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try #"{"log_history": [{"step": 1, "loss": 1}, {"step": 2, "loss": 0.5}, null]}"#
            .write(toFile: path, atomically: false, encoding: .utf8)
        let reader = TrainerStateReader(path: path)
        #expect(try reader.poll()?.map(\.step) == [1, 2])
        #expect(reader.warnings.map(\.problem) == ["log_history[2]: not an object; skipped"])
    }

    /// A file that does not parse is first taken to be mid-write; reported only once it stays
    /// unchanged and broken, and only once.
    @Test func halfWrittenFileIsRetriedThenReported() throws {
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try #"{"log_history": [{"loss": 1, "st"#.write(toFile: path, atomically: false, encoding: .utf8)
        let reader = TrainerStateReader(path: path)
        #expect(try reader.poll() == nil && reader.warnings.isEmpty)
        #expect(try reader.poll() == nil)
        #expect(try reader.poll() == nil)
        #expect(reader.warnings.map(\.description) == ["\(path): not a trainer_state.json with a log_history list"])
        try F.append(Array(#"ep": 3}]}"#.utf8), to: path)
        #expect(try reader.poll()?.map(\.step) == [3])
        // The complete file is the file now: the warning about its half once stayed on screen.
        #expect(reader.warnings.isEmpty)
    }

    /// Unmask's own checkpoints hold a trainer_state.json without a log_history (issue #15 item
    /// 12: `unmask watch` on our run folders warned about it): no records, no warning; a JSON
    /// object that is neither still is reported.
    @Test func unmasksOwnStateFileIsQuietlyEmpty() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let reader = TrainerStateReader(path: repository.path + "/Examples/models/countdown/trainer_state.json")
        #expect(try reader.poll() == [] && reader.warnings.isEmpty)
        #expect(try reader.poll() == nil, "unchanged")
        let path = try F.temporaryDirectory() + "/trainer_state.json"
        try #"{"settings": {}, "step": 3}"#.write(toFile: path, atomically: false, encoding: .utf8)
        let other = TrainerStateReader(path: path)
        #expect(try other.poll() == nil && other.poll() == nil)
        #expect(other.warnings.map(\.problem) == ["not a trainer_state.json with a log_history list"])
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: RunLogError.self) { try TrainerStateReader(path: "\(missingFolder)/trainer_state.json").poll() }
    }
}
