import Foundation
import Testing

@testable import MaskedDiffusion

@Suite(.serialized) struct TrainingRunTests {
    func tempDir() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        return url.path
    }

    func settings(steps: Int) -> Trainer.Settings {
        Trainer.Settings(
            objective: .sft, batchSize: 4, steps: steps,
            schedule: LearningRateSchedule(peak: 1e-3, warmupSteps: 2, totalSteps: steps), seed: 5)
    }

    func start(_ path: String, steps: Int) throws -> TrainingRun {
        try TrainingRun.start(at: path, dataset: .task("arith"), settings: settings(steps: steps), threads: 1) {
            ModelPreset.nano.config(vocabSize: $0, maxSeqLen: $1)
        }
    }

    @Test func resumeAfterInterruptionMatchesAnUninterruptedRun() throws {
        BLAS.setThreads(1)
        let straight = try start(tempDir(), steps: 12)
        #expect(try straight.run(checkpointEvery: 0, shouldStop: { false }, onStep: { _ in }) == .finished)

        let path = tempDir()
        do {  // the first process ends (and unlocks the folder) before the resume
            let first = try start(path, steps: 12)
            var stepsSeen = 0
            let outcome = try first.run(checkpointEvery: 4, shouldStop: { stepsSeen == 7 }, onStep: { _ in stepsSeen += 1 })
            #expect(outcome == .interrupted && first.trainer.step == 7)
        }
        let resumed = try TrainingRun.resume(at: path, threads: 1)
        #expect(resumed.trainer.step == 7 && resumed.trainer.optimizer.step == 7)
        #expect(try resumed.run(checkpointEvery: 4, shouldStop: { false }, onStep: { _ in }) == .finished)
        #expect(resumed.trainer.params.values.array == straight.trainer.params.values.array)

        // The final checkpoint is what `--model PATH` loads.
        let loaded = try Checkpoint.resolve(path).loadParameters()
        #expect(loaded.values.array == straight.trainer.params.values.array)
    }

    @Test func checkpointsRotateAndLatestPointsAtTheNewest() throws {
        let path = tempDir()
        let run = try start(path, steps: 9)
        _ = try run.run(checkpointEvery: 2, shouldStop: { false }, onStep: { _ in })
        let names = try FileManager.default.contentsOfDirectory(atPath: path + "/checkpoints").sorted()
        #expect(names == ["step-000008", "step-000009"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path + "/latest") == "checkpoints/step-000009")
        let state = try Checkpoint(directory: path + "/latest").loadJSON(TrainingRun.State.self, from: "trainer_state.json")
        #expect(state.step == 9 && state.dataset == .task("arith"))
    }

    @Test func startingOverAnExistingRunIsRefused() throws {
        let path = tempDir()
        do { _ = try start(path, steps: 1).run(checkpointEvery: 0, shouldStop: { false }, onStep: { _ in }) }
        #expect(throws: TrainingRunError.alreadyExists(path)) { try start(path, steps: 1) }
        #expect(throws: TrainingRunError.nothingToResume(path + "-none")) {
            try TrainingRun.resume(at: path + "-none", threads: 1)
        }
    }

    /// A folder with traces of a run but no reachable checkpoint (a dangling `latest`, a
    /// metrics log) is still a run: starting over there would mix two runs' logs and pruning.
    /// Nothing there can resume either, and both refusals say so (they once sent the user from
    /// "pass --resume" to "holds no checkpoint" and back).
    @Test func startingWhereARunLeftTracesIsRefused() throws {
        let dangling = tempDir()
        try FileManager.default.createDirectory(atPath: dangling + "/checkpoints", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dangling + "/latest", withDestinationPath: "checkpoints/step-000004")
        #expect(throws: TrainingRunError.noCheckpoint(dangling)) { try start(dangling, steps: 1) }
        let logged = tempDir()
        try FileManager.default.createDirectory(atPath: logged, withIntermediateDirectories: true)
        try Data("{\"step\": 0, \"loss\": 1}\n".utf8).write(to: URL(fileURLWithPath: logged + "/metrics.jsonl"))
        #expect(throws: TrainingRunError.noCheckpoint(logged)) { try start(logged, steps: 1) }
        #expect(throws: TrainingRunError.noCheckpoint(logged)) { try TrainingRun.resume(at: logged, threads: 1) }
        #expect("\(TrainingRunError.noCheckpoint(logged))".contains("stopped before its first checkpoint"))
    }

    /// Two processes resuming one folder would race on its checkpoints and logs: the second
    /// fails at once, and the folder is free again when the first run ends.
    @Test func aSecondResumeOfARunInUseFailsAtOnce() throws {
        let path = tempDir()
        do {
            let run = try start(path, steps: 2)
            _ = try run.run(checkpointEvery: 0, shouldStop: { false }, onStep: { _ in })
        }
        do {
            let holder = try TrainingRun.resume(at: path, threads: 1)
            _ = withExtendedLifetime(holder) {
                #expect(throws: TrainingRunError.inUse(path)) { try TrainingRun.resume(at: path, threads: 1) }
            }
        }
        _ = try TrainingRun.resume(at: path, threads: 1)
    }

    @Test func nonFiniteStepsAreSkippedThenTheLastGoodCheckpointIsRestored() throws {
        let path = tempDir()
        let run = try start(path, steps: 20)
        var reports: [Trainer.StepReport] = []
        _ = try run.run(checkpointEvery: 3, shouldStop: { reports.count == 3 }, onStep: { reports.append($0) })
        let good = run.trainer.params.values.array
        let head = run.trainer.params.layout.head
        for i in 0..<run.trainer.config.vocabSize * run.trainer.config.dModel { run.trainer.params.values[head + i] = .nan }
        reports = []
        let outcome = try run.run(checkpointEvery: 3, shouldStop: { false }, onStep: { reports.append($0) })
        guard case .diverged(let message) = outcome else { Issue.record("expected divergence, got \(outcome)"); return }
        #expect(reports.count == 3 && reports.allSatisfy(\.skipped))
        #expect(message.contains("restored the last good checkpoint (step 3)"), "\(message)")
        #expect(run.trainer.params.values.array == good && run.trainer.step == 3)
    }
}

extension Trainer {
    var config: ModelConfig { params.config }
}

struct TrainerStateFormatTests {
    /// trainer_state.json is a file people and scripts read: snake_case keys, tagged enums.
    @Test func stateEncodesWithDocumentedKeysAndRoundTrips() throws {
        let settings = Trainer.Settings(
            objective: .emigm(.init(schedule: .cosine, tMin: 0.3, weighted: true)), batchSize: 8,
            steps: 10, schedule: LearningRateSchedule(peak: 2e-3, warmupSteps: 1, totalSteps: 10), seed: 4)
        let state = TrainingRun.State(
            step: 3, settings: settings, dataset: .text(path: "a.txt", seqLen: 32),
            unmaskVersion: "0.1.0", elapsedSeconds: 1.5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(state), as: UTF8.self)
        for fragment in [
            "\"dataset\":{\"kind\":\"text\",\"path\":\"a.txt\",\"seq_len\":32}", "\"batch_size\":8",
            "\"objective\":{\"emigm\":{\"class_drop_probability\":0.1,\"schedule\":\"cosine\",\"t_min\":0.3,\"weighted\":true},\"kind\":\"emigm\"}",
            "\"warmup_steps\":1", "\"weight_decay\":0.1", "\"clip_norm\":1"
        ] {
            #expect(json.contains(fragment), "\(fragment) in \(json)")
        }
        #expect(try JSONDecoder().decode(TrainingRun.State.self, from: Data(json.utf8)) == state)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DatasetSpec.self, from: Data("{\"kind\":\"video\"}".utf8))
        }
    }
}
