import ESPO
import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// The Train tab's engine side on a real run folder.
struct TrainingSessionTests {
    /// The messages up to the first `stopped` or `failed` (at most 60 s).
    static func untilStopped(_ inbox: Inbox<EngineMessage>) -> [TrainingUpdate] {
        var events: [TrainingUpdate] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            for case .training(let e) in inbox.drain() {
                events.append(e)
                switch e {
                case .stopped, .failed: return events
                default: break
                }
            }
            usleep(2000)
        }
        return events
    }

    /// Resuming a run whose rounds are done (the tab's round count at or below them) once ran its
    /// final evaluation again and saved a checkpoint past its rounds; it ends the run as it is.
    @Test func aFinishedRunResumesWithoutAnotherEvaluationOrCheckpoint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)").path
        let model = WorkbenchModel(name: "countdown", loaded: try LoadedModel(path: demoPath("countdown")))
        var c = ESPOConfig()
        (c.group, c.promptsPerRound, c.microBatch, c.iterations, c.numMC) = (2, 2, 4, 1, 1)
        (c.rounds, c.evalEvery, c.evalItems) = (1, 1, 4)
        let session = TrainingSession(), inbox = Inbox<EngineMessage>()
        session.start(directory: dir, model: model, config: c, inbox: inbox)
        try #require(Self.untilStopped(inbox).contains { if case .stopped = $0 { true } else { false } })
        let log = try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/latest")
        session.start(directory: dir, model: model, config: c, inbox: inbox)
        let again = Self.untilStopped(inbox)
        #expect(again.contains { if case .stopped(round: 1, _) = $0 { true } else { false } }, "\(again)")
        #expect(try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8) == log)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/latest") == latest)
    }
}
