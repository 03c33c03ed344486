import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

struct RunFolderWatcherTests {
    /// An HF/TRL output folder: event file under runs/<date>/, trainer_state.json under
    /// checkpoint-4/, both with the same metrics under different names, merged per step.
    @Test func mergesAnHFRunFolder() throws {
        let watcher = RunFolderWatcher(path: F.path("hf_run"))
        let changed = watcher.poll()
        #expect(
            watcher.files.map { String($0.dropFirst(F.path("hf_run").count)) } == [
                "/checkpoint-4/trainer_state.json", "/runs/Jan01_00-00-00_fixture/events.out.tfevents.1767225603.fixture"
            ])
        #expect(watcher.warnings.isEmpty)
        #expect(
            changed.isSuperset(of: ["reward", "kl", "clip_ratio", "completion_length", "lr", "loss", "eval/loss", "eval/reward"]))
        let reward = try #require(watcher.series["reward"])
        #expect(reward.points.map(\.step) == [1, 2, 3, 4], "one point per step from two files")
        #expect(Set(reward.rawNames) == ["reward", "train/reward"])
        #expect(abs(reward.points[3].value - 0.8) < 1e-6)
        #expect(watcher.series["completion_length"]?.rawNames.contains("completions/mean_length") == true)
        #expect(watcher.series["eval/loss"]?.points.map(\.step) == [4])
        #expect(watcher.poll().isEmpty, "nothing new")
    }

    /// Our own run folder: metrics.jsonl and an event file that keep growing, and a new
    /// event file appearing after a restart.
    @Test func followsGrowingFilesAndNewEventFiles() throws {
        let dir = try F.temporaryDirectory()
        let jsonl = try MetricsWriter(path: dir + "/metrics.jsonl")
        let events = try EventFileWriter(folder: dir, wallTime: 1_767_225_600)
        let watcher = RunFolderWatcher(path: dir)
        #expect(watcher.poll().isEmpty)
        #expect(watcher.files.count == 2)

        try jsonl.append(MetricsRecord(step: 1, wallTime: 10, values: [("loss", 3), ("lr", 1e-3)]))
        try events.append(MetricsRecord(step: 1, wallTime: 10, values: [("train/reward", 0.5)]))
        #expect(watcher.poll() == ["loss", "lr", "reward"])

        try FileManager.default.createDirectory(atPath: dir + "/runs/restart", withIntermediateDirectories: true)
        let restarted = try EventFileWriter(folder: dir + "/runs/restart", wallTime: 1_767_225_700)
        try restarted.append(MetricsRecord(step: 2, wallTime: 20, values: [("rewards/mean", 0.75)]))
        try jsonl.append(MetricsRecord(step: 2, wallTime: 20, values: [("loss", 2)]))
        #expect(watcher.poll() == ["loss", "reward"])
        #expect(watcher.files.count == 3)
        #expect(
            watcher.series["reward"]?.points == [
                MetricPoint(step: 1, wallTime: 10, value: 0.5), MetricPoint(step: 2, wallTime: 20, value: 0.75)
            ])
        #expect(watcher.series["reward"]?.rawNames == ["train/reward", "rewards/mean"])
        #expect(watcher.series["loss"]?.points.map(\.value) == [3, 2])
        #expect(watcher.changedFrom == ["loss": 1, "reward": 1], "only the new tails changed")

        // A resumed run logging step 1 again replaces it: the change starts at index 0.
        try jsonl.append(MetricsRecord(step: 1, wallTime: 30, values: [("loss", 2.5)]))
        #expect(watcher.poll() == ["loss"])
        #expect(watcher.changedFrom == ["loss": 0])
        #expect(watcher.series["loss"]?.points.map(\.value) == [2.5, 2])
        watcher.poll()
        #expect(watcher.changedFrom.isEmpty)
    }

    /// A writer started again in the same folder (a new event file from step 0) replaces the
    /// old run from its first step on, as TensorBoard purges orphaned steps: the old tail once
    /// stayed plotted after the new points, with the old run's last value as the headline.
    @Test func aRestartedEventWriterDropsTheOldRunsTail() throws {
        let dir = try F.temporaryDirectory()
        let old = try EventFileWriter(folder: dir, wallTime: 1_767_225_600)
        for step in 0..<10 { try old.append(MetricsRecord(step: step, wallTime: 10, values: [("train/reward", 1)])) }
        let watcher = RunFolderWatcher(path: dir)
        watcher.poll()
        #expect(watcher.series["reward"]?.points.count == 10)
        let new = try EventFileWriter(folder: dir, wallTime: 1_767_225_700)
        for step in 0..<3 { try new.append(MetricsRecord(step: step, wallTime: 20, values: [("train/reward", 2)])) }
        #expect(watcher.poll() == ["reward"])
        #expect(watcher.series["reward"]?.points.map(\.step) == [0, 1, 2])
        #expect(watcher.series["reward"]?.points.map(\.value) == [2, 2, 2])
        #expect(watcher.changedFrom == ["reward": 0])
        // Read from scratch (both files, in name order) the same.
        let fresh = RunFolderWatcher(path: dir)
        fresh.poll()
        #expect(fresh.series["reward"]?.points.map(\.value) == [2, 2, 2])

        // An HF run resumed from its step-5 checkpoint a month later writes a new runs/<date>/
        // folder from step 5: the resumed values replace the dead run's from there on. Files are
        // read oldest first by the time in their names (path order puts runs/Feb… before
        // runs/Jan…); the two writers once zigzagged over steps 5…9.
        let hf = try F.temporaryDirectory()
        for (folder, created, steps, value) in [
            ("Feb01_00-00-00_host", 1_769_904_000, 5..<13, 2.0), ("Jan01_00-00-00_host", 1_767_225_600, 0..<10, 1.0)
        ] {
            try FileManager.default.createDirectory(atPath: hf + "/runs/" + folder, withIntermediateDirectories: true)
            let w = try EventFileWriter(folder: hf + "/runs/" + folder, wallTime: Double(created))
            for step in steps { try w.append(MetricsRecord(step: step, wallTime: 1, values: [("train/reward", value)])) }
        }
        let resumed = RunFolderWatcher(path: hf)
        resumed.poll()
        #expect(resumed.series["reward"]?.points.map(\.step) == Array(0..<13))
        #expect(resumed.series["reward"]?.points.map(\.value) == Array(repeating: 1, count: 5) + Array(repeating: 2, count: 8))
        // Folders that are not an HF output's runs/<date>/ (a sweep's seeds watched together)
        // never purge each other: the later seed's step 0 once erased the earlier one.
        let sweep = try F.temporaryDirectory()
        for (seed, created, steps) in [("seed1", 1_767_225_600, 0..<3), ("seed2", 1_767_225_700, 0..<2)] {
            try FileManager.default.createDirectory(atPath: sweep + "/exp/" + seed, withIntermediateDirectories: true)
            let w = try EventFileWriter(folder: sweep + "/exp/" + seed, wallTime: Double(created))
            for step in steps { try w.append(MetricsRecord(step: step, wallTime: 1, values: [("train/reward", 1)])) }
        }
        let seeds = RunFolderWatcher(path: sweep)
        seeds.poll()
        #expect(seeds.series["reward"]?.points.map(\.step) == [0, 1, 2])
    }

    /// A poll that skips the folder walk still reads the known files but finds no new ones; the
    /// next walking poll does. Files that did not change are not read again (nothing new).
    @Test func pollsWithoutTheFolderWalkReadKnownFilesOnly() throws {
        let dir = try F.temporaryDirectory()
        let jsonl = try MetricsWriter(path: dir + "/metrics.jsonl")
        let watcher = RunFolderWatcher(path: dir)
        #expect(watcher.poll(discoverNewFiles: false).isEmpty, "the first poll walks anyway")
        #expect(watcher.files == [dir + "/metrics.jsonl"])
        try jsonl.append(MetricsRecord(step: 1, wallTime: 1, values: [("loss", 3)]))
        let events = try EventFileWriter(folder: dir, wallTime: 1)
        try events.append(MetricsRecord(step: 1, wallTime: 1, values: [("clip_frac", 0.1)]))
        #expect(watcher.poll(discoverNewFiles: false) == ["loss"])
        #expect(watcher.poll(discoverNewFiles: false).isEmpty)
        #expect(watcher.poll() == ["clip_ratio"])
        #expect(watcher.files.count == 2)
        #expect(watcher.poll().isEmpty)
    }

    @Test func namedFilesTheWatcherCanFollow() {
        for name in ["events.out.tfevents.1.host", "run.tfevents.x", "metrics.jsonl", "log.jsonl", "trainer_state.json"] {
            #expect(RunFolderWatcher.canFollow(file: "/runs/a/" + name), "\(name)")
        }
        for name in ["make_tensorboard_fixtures.py", "model.safetensors", "notes.txt"] {
            #expect(!RunFolderWatcher.canFollow(file: "/runs/a/" + name), "\(name)")
        }
    }

    /// A resumed run cuts its metrics.jsonl back to its checkpoint (`LogRewind`) and writes on:
    /// the steps past the cut once stayed plotted (step 4 below) until the run passed them again.
    @Test func aLogCutBackDropsTheStepsPastTheCut() throws {
        let dir = try F.temporaryDirectory(), path = dir + "/metrics.jsonl"
        func line(_ step: Int, _ loss: Double) -> String { #"{"step": \#(step), "loss": \#(loss)}"# + "\n" }
        try (1...4).map { line($0, 10 - Double($0)) }.joined().write(toFile: path, atomically: false, encoding: .utf8)
        let watcher = RunFolderWatcher(path: dir)
        watcher.poll()
        #expect(watcher.series["loss"]?.points.map(\.step) == [1, 2, 3, 4])
        try (line(1, 9) + line(2, 8)).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(watcher.poll() == ["loss"])
        #expect(watcher.series["loss"]?.points.map(\.step) == [1, 2])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line(3, 5).utf8))
        try handle.close()
        watcher.poll()
        #expect(watcher.series["loss"]?.points.map(\.value) == [9, 8, 5])
    }

    @Test func aSingleFileIsFollowedAlone() throws {
        let path = F.path("tensorboard/torch/events.out.tfevents.1767225602.fixture")
        let watcher = RunFolderWatcher(path: path)
        watcher.poll()
        #expect(watcher.files == [path])
        #expect(watcher.series.keys.sorted() == ["kl", "loss", "reward"])
    }

    @Test func problemsBecomeWarningsAndDeletedFilesAreDropped() throws {
        let dir = try F.temporaryDirectory()
        let events = try EventFileWriter(folder: dir, wallTime: 1)
        try events.append(MetricsRecord(step: 1, wallTime: 1, values: [("loss", 1)]))
        try F.append(TFRecord.frame([0x0A, 0x7F]), to: events.path)
        try FileManager.default.createDirectory(atPath: dir + "/checkpoint-1", withIntermediateDirectories: true)
        try "[1, 2]".write(toFile: dir + "/checkpoint-1/trainer_state.json", atomically: false, encoding: .utf8)
        let watcher = RunFolderWatcher(path: dir)
        watcher.poll()
        watcher.poll()
        #expect(watcher.series["loss"]?.points.count == 1)
        #expect(watcher.warnings.count == 2)
        try FileManager.default.removeItem(atPath: dir + "/checkpoint-1")
        watcher.poll()
        #expect(watcher.files == [events.path])
        #expect(watcher.warnings.count == 2, "warnings of a deleted file are kept")

        // The whole run removed: said once, its curves kept; said no more once it is back.
        try FileManager.default.removeItem(atPath: dir)
        watcher.poll()
        watcher.poll()
        #expect(watcher.series["loss"]?.points.count == 1)
        #expect(watcher.warnings.filter { $0.problem.hasPrefix("removed while watched") }.count == 1)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        watcher.poll()
        #expect(!watcher.warnings.contains { $0.problem.hasPrefix("removed while watched") })

        let unknown = RunFolderWatcher(path: F.path("make_tensorboard_fixtures.py"))
        unknown.poll()
        unknown.poll()
        #expect(unknown.warnings.count == 1 && unknown.series.isEmpty)
    }

    @Test func seriesKeepsOnePointPerStepInOrder() {
        var s = MetricSeries(name: "loss")
        for (step, value) in [(1, 1.0), (3, 3.0), (2, 2.0), (3, 3.5), (0, 0.0)] {
            s.insert(MetricPoint(step: step, wallTime: .nan, value: value), rawName: "loss")
        }
        #expect(s.points.map(\.step) == [0, 1, 2, 3])
        #expect(s.points.map(\.value) == [0, 1, 2, 3.5])
        #expect(s.rawNames == ["loss"])
    }
}
