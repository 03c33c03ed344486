import Foundation
import Testing

@testable import MaskedDiffusion

/// Run folders survive a kill at any moment of a checkpoint commit, keep the right
/// checkpoints, and admit one writer at a time.
@Suite struct RunDirectoryTests {
    func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rundir-\(UUID().uuidString)").path
    }

    /// A stand-in checkpoint: the files `hasCheckpoint` and loaders look for, tagged `tag`.
    func fakeCheckpoint(_ tag: String) -> (Checkpoint) throws -> Void {
        { checkpoint in
            try FileManager.default.createDirectory(atPath: checkpoint.directory, withIntermediateDirectories: true)
            for file in [Checkpoint.configFile, Checkpoint.modelFile] {
                try Data(tag.utf8).write(to: URL(fileURLWithPath: checkpoint.path(file)))
            }
        }
    }

    func tag(of checkpoint: Checkpoint) -> String? {
        let config = try? String(contentsOfFile: checkpoint.path(Checkpoint.configFile), encoding: .utf8)
        let model = try? String(contentsOfFile: checkpoint.path(Checkpoint.modelFile), encoding: .utf8)
        return config == model ? config : nil
    }

    /// Re-saving the step `latest` names, killed at each stage of the commit: a checkpoint
    /// (old or new, whole) is still found, which is what `--resume` needs.
    @Test(arguments: RunDirectory.CommitStage.allCases)
    func aKillWhileReSavingTheSameStepLeavesAWholeCheckpoint(stage: RunDirectory.CommitStage) throws {
        let path = tempDir()
        let run = RunDirectory(path: path)
        try run.commitCheckpoint(step: 5, fakeCheckpoint("old"))
        #expect(throws: RunDirectory.SimulatedKill.self) {
            try run.commitCheckpoint(step: 5, interruptAt: stage, fakeCheckpoint("new"))
        }
        let after = RunDirectory(path: path)
        #expect(after.hasCheckpoint, "stage \(stage)")
        let found = try Checkpoint.resolve(path)
        #expect(["old", "new"].contains(tag(of: found)), "stage \(stage): \(found.directory)")
    }

    /// The same for a new step: the previous checkpoint stays reachable until the new one is.
    @Test(arguments: RunDirectory.CommitStage.allCases)
    func aKillWhileSavingANewStepLeavesAWholeCheckpoint(stage: RunDirectory.CommitStage) throws {
        let path = tempDir()
        let run = RunDirectory(path: path)
        try run.commitCheckpoint(step: 5, fakeCheckpoint("old"))
        #expect(throws: RunDirectory.SimulatedKill.self) {
            try run.commitCheckpoint(step: 6, interruptAt: stage, fakeCheckpoint("new"))
        }
        #expect(RunDirectory(path: path).hasCheckpoint, "stage \(stage)")
        #expect(["old", "new"].contains(tag(of: try Checkpoint.resolve(path))), "stage \(stage)")
    }

    /// Text order puts "step-1000000" before "step-999999": pruning must go by the number.
    @Test func pruningKeepsTheNewestStepsPastSixDigits() throws {
        let path = tempDir()
        let run = RunDirectory(path: path)
        for step in [999_998, 999_999, 1_000_000, 1_000_001] {
            try run.commitCheckpoint(step: step, keep: 2, fakeCheckpoint("\(step)"))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path + "/checkpoints").filter { !$0.hasPrefix(".") }
        #expect(Set(names) == ["step-1000000", "step-1000001"])
        #expect(tag(of: try Checkpoint.resolve(path)) == "1000001")
    }
}
