import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

/// A FIFO where a log should be is reported at once, naming it; `watch` used to wait on it
/// forever ("reading 1 run…").
struct NonRegularLogFileTests {
    func fifo(_ name: String) throws -> String {
        let path = try F.temporaryDirectory() + "/" + name
        #expect(mkfifo(path, 0o644) == 0)
        return path
    }

    @Test func metricsReaderRefusesAFIFO() throws {
        let path = try fifo("metrics.jsonl")
        let error = try #require(throws: RunLogError.self) { try MetricsReader(path: path).poll() }
        #expect(error.path == path && error.problem.contains("not a regular file"))
    }

    @Test func eventFileReaderRefusesAFIFO() throws {
        let path = try fifo("events.out.tfevents.1767225600.host.1.0")
        let error = try #require(throws: RunLogError.self) { try EventFileReader(path: path).poll() }
        #expect(error.path == path && error.problem.contains("not a regular file"))
    }

    @Test func trainerStateReaderRefusesAFIFO() throws {
        let path = try fifo("trainer_state.json")
        let error = try #require(throws: RunLogError.self) { try TrainerStateReader(path: path).poll() }
        #expect(error.path == path && error.problem.contains("not a regular file"))
    }
}
