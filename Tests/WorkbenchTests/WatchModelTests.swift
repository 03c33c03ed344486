import Foundation
import RunLog
import Testing

@testable import Workbench

private typealias F = WatchFixtures

/// The watch model on runs written by real writers (PyTorch/TensorBoard event files in both
/// scalar forms, HF trainer_state.json) and on files the test damages or grows as it goes.
struct WatchModelTests {
    static func model(_ runs: [String] = F.runs) throws -> WatchModel {
        WatchModel(sources: try WatchSource.resolve(runs.map(F.path)))
    }

    static func curve(_ snapshot: WatchSnapshot, _ metric: String, _ run: String) -> CurveSeries? {
        snapshot.series.first { $0.name == metric && $0.run == run }
    }

    /// Every scalar TensorBoard's loader reads from the event files is in the run's curve of
    /// the aliased name, at its step, with its value (simple_value and tensor forms alike).
    @Test func eventFileScalarsMatchTensorBoardsReading() throws {
        let model = try Self.model()
        #expect(model.poll())
        let snapshot = model.snapshot
        #expect(snapshot.warnings.isEmpty)
        #expect(snapshot.polls == 1)
        for (run, points) in try F.expected() {
            #expect(!points.isEmpty)
            #expect(Set(points.map(\.tensor)) == [run == "espo"], "fixture \(run) holds the intended scalar form")
            for p in points {
                let name = MetricAliases.standard.canonicalName(for: p.tag)
                let curve = try #require(Self.curve(snapshot, name, run), "\(run) \(p.tag) → \(name)")
                let point = try #require(curve.points.first { $0.step == p.step }, "\(run) \(name) step \(p.step)")
                #expect(point.value == p.value, "\(run) \(name) step \(p.step)")
            }
        }
        // The ESPO run was restarted: two event files, steps 1…8 in order.
        #expect(Self.curve(snapshot, "reward", "espo")?.points.map(\.step) == Array(1...8))
        #expect(snapshot.runs.map(\.files) == [1, 2, 1])
        #expect(snapshot.runs.map(\.lastStep) == [60, 8, 40])
    }

    /// trainer_state.json's log_history: each numeric key at its step, NaN kept (a gap in the
    /// curve), eval entries as eval/…, against the file parsed here independently.
    @Test func trainerStateValuesAndSteps() throws {
        let model = try Self.model(["diffu_grpo"])
        model.poll()
        let s = model.snapshot
        let data = try Data(contentsOf: URL(fileURLWithPath: F.path("diffu_grpo/checkpoint-40/trainer_state.json")))
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "NaN", with: "null")
        let history = try #require(
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["log_history"] as? [[String: Any]])
        let training = history.filter { $0["reward"] != nil }
        #expect(Self.curve(s, "reward", "diffu_grpo")?.points.map(\.step) == training.map { $0["step"] as! Int })
        func close(_ a: [Double]?, _ b: [Double]) -> Bool {
            a.map { zip($0, b).allSatisfy { abs($0 - $1) <= 1e-15 } && $0.count == b.count } ?? false
        }
        #expect(close(Self.curve(s, "reward", "diffu_grpo")?.points.map(\.value), training.map { $0["reward"] as! Double }))
        #expect(
            close(
                Self.curve(s, "completion_length", "diffu_grpo")?.points.map(\.value),
                training.map { $0["completions/length/mean"] as! Double }))
        #expect(Self.curve(s, "rewards/correctness_reward_func", "diffu_grpo")?.points.count == training.count)
        let gradNorm = try #require(Self.curve(s, "grad_norm", "diffu_grpo"))
        #expect(gradNorm.points.first { $0.step == 15 }?.value.isNaN == true)
        #expect(Self.curve(s, "eval/reward", "diffu_grpo")?.points == [CurvePoint(step: 40, value: 0.55)])
    }

    /// TRL, ESPO and diffu-GRPO name reward, KL, clip ratio and completion length differently;
    /// each becomes one chart holding all three runs, headline metrics first.
    @Test func aliasesMergeTheThreeTrainersNames() throws {
        let model = try Self.model()
        model.poll()
        let s = model.snapshot
        for metric in ["reward", "kl", "clip_ratio", "completion_length", "frac_reward_zero_std", "reward_std"] {
            #expect(s.series.filter { $0.name == metric }.map(\.run) == F.runs, "\(metric)")
        }
        #expect(s.series.filter { $0.name == "lr" }.map(\.run) == ["trl_grpo", "diffu_grpo"], "HF's learning_rate")
        let metrics = CurveSeries.metrics(in: s.series)
        #expect(Array(metrics.prefix(5)) == ["reward", "kl", "clip_ratio", "completion_length", "loss"])
        #expect(metrics.contains("rewards/accuracy_reward") && metrics.contains("rewards/correctness"))
        #expect(metrics.suffix(2) == ["eval/loss", "eval/reward"])
        #expect(!metrics.contains { $0.hasPrefix("train/") })
        #expect(CurveSeries.runs(in: s.series) == F.runs)
    }

    /// A record whose data fails its CRC is skipped with a warning naming the file and the
    /// byte offset; the records after it are read.
    @Test func badCRCRecordIsSkippedWithAWarning() throws {
        let dir = try F.temporaryDirectory()
        let writer = try EventFileWriter(folder: dir, wallTime: 1_767_312_000)
        try writer.append(MetricsRecord(step: 1, wallTime: 1, values: [("train/reward", 0.5)]))
        let model = WatchModel(sources: try WatchSource.resolve([dir]))
        model.poll()
        let badOffset = try F.bytes(writer.path).count
        try writer.append(MetricsRecord(step: 2, wallTime: 2, values: [("train/reward", 0.6)]))
        var bytes = try F.bytes(writer.path)
        bytes[bytes.count - 6] ^= 0x20  // inside the data of the step-2 record
        try Data(bytes).write(to: URL(fileURLWithPath: writer.path))
        try writer.append(MetricsRecord(step: 3, wallTime: 3, values: [("train/reward", 0.7)]))
        #expect(model.poll())
        let name = (writer.path as NSString).lastPathComponent
        #expect(model.snapshot.warnings == ["\(name): byte \(badOffset): record data fails its CRC-32C; record skipped"])
        #expect(Self.curve(model.snapshot, "reward", model.sources[0].label)?.points.map(\.step) == [1, 3])
    }

    /// Watching two runs, a warning names its run ("metrics.jsonl:2: …" alone was ambiguous).
    @Test func warningsNameTheirRunWhenThereAreSeveral() throws {
        let a = try F.temporaryDirectory(), b = try F.temporaryDirectory()
        try "{\"step\": 1, \"loss\": 2}\n".write(toFile: a + "/metrics.jsonl", atomically: true, encoding: .utf8)
        try "{\"step\": 1, \"loss\": 2}\nnot json\n".write(toFile: b + "/metrics.jsonl", atomically: true, encoding: .utf8)
        let model = WatchModel(sources: try WatchSource.resolve([a, b]))
        model.poll()
        let label = model.sources[1].label
        #expect(model.snapshot.warnings.count == 1)
        #expect(model.snapshot.warnings.first?.hasPrefix("\(label): metrics.jsonl:2: ") == true, "\(model.snapshot.warnings)")
    }

    /// A half-written last record (the writer is mid-write) is not a warning and not a point;
    /// once its last bytes arrive it is read.
    @Test func truncatedTailIsReadWhenComplete() throws {
        let dir = try F.temporaryDirectory()
        let full = try F.bytes(F.path("trl_grpo/runs/Jan02_00-00-00_fixture/events.out.tfevents.1767312000.fixture"))
        let file = dir + "/events.out.tfevents.1767312000.copy"
        let cut = full.count - 9
        try F.append(full[..<cut], to: file)
        let model = WatchModel(sources: try WatchSource.resolve([dir]))
        model.poll()
        let before = model.snapshot
        #expect(before.warnings.isEmpty)
        let label = model.sources[0].label
        let lastStepBefore = try #require(before.runs[0].lastStep)
        #expect(!model.poll(), "nothing changed: no new snapshot")
        try F.append(full[cut...], to: file)
        #expect(model.poll())
        #expect(model.snapshot.warnings.isEmpty)
        #expect(model.snapshot.runs[0].lastStep == 60)
        #expect(lastStepBefore <= 60)
        let expected = try F.expected()["trl_grpo"]!.count
        #expect(model.snapshot.series.filter { $0.run == label }.reduce(0) { $0 + $1.points.count } == expected)
        #expect(before.series.filter { $0.run == label }.reduce(0) { $0 + $1.points.count } < expected)
    }

    /// A growing metrics.jsonl and a new event file appearing are both picked up; a poll that
    /// skips the folder walk still reads the known files.
    @Test func followsGrowingFilesAndNewOnes() throws {
        let dir = try F.temporaryDirectory()
        let jsonl = try MetricsWriter(path: dir + "/metrics.jsonl")
        try jsonl.append(MetricsRecord(step: 1, wallTime: 1, values: [("reward/mean", 0.1), ("clip_frac", 0.01)]))
        let model = WatchModel(sources: try WatchSource.resolve([dir]))
        model.poll()
        #expect(CurveSeries.metrics(in: model.snapshot.series) == ["reward", "clip_ratio"])
        try jsonl.append(MetricsRecord(step: 2, wallTime: 2, values: [("reward/mean", 0.2)]))
        let events = try EventFileWriter(folder: dir, wallTime: 5)
        try events.append(MetricsRecord(step: 2, wallTime: 2, values: [("kl", 0.5)]))
        #expect(model.poll(discoverNewFiles: false))
        #expect(model.snapshot.runs[0].files == 1 && model.snapshot.runs[0].lastStep == 2)
        #expect(model.poll(discoverNewFiles: true))
        #expect(model.snapshot.runs[0].files == 2)
        #expect(CurveSeries.metrics(in: model.snapshot.series) == ["reward", "kl", "clip_ratio"])
        #expect(!model.poll())
    }

    @Test func pathsAreCheckedAndLabelled() throws {
        #expect(throws: WatchPathError(path: "/no/such/run", problem: "no such file or folder")) {
            try WatchSource.resolve(["/no/such/run"])
        }
        let notMetrics = F.folder + "/../make_watch_fixtures.py"
        let wrongFile = #expect(throws: WatchPathError.self) { try WatchSource.resolve([notMetrics]) }
        #expect(wrongFile?.problem.hasPrefix("not a run folder") == true)
        #expect(throws: WatchPathError.self) { try WatchSource.resolve([]) }

        let sources = try WatchSource.resolve(
            F.runs.map(F.path) + [F.path("espo") + "/", F.path("diffu_grpo/checkpoint-40/trainer_state.json")])
        #expect(
            sources.map(\.label) == ["trl_grpo", "espo", "diffu_grpo", "diffu_grpo (2)"],
            "duplicates dropped, a checkpoint file named by its run")
        #expect(WatchSource.labels(for: ["/x/a/run", "/y/b/run", "/z/other"]) == ["a/run", "b/run", "other"])
    }

    /// A folder of runs is those runs, as TensorBoard shows a log directory: watched as one, the
    /// runs' curves were merged and one run's values overwrote another's at the same step.
    @Test func aFolderOfRunsIsWatchedAsItsRuns() throws {
        let logdir = try WatchSource.resolve([F.folder])
        #expect(logdir.map(\.label) == ["diffu_grpo", "espo", "trl_grpo"])
        #expect(logdir.allSatisfy { $0.depth == RunFolderWatcher.searchDepth })
        // add_scalars' layout: the writer's own file beside one subfolder per scalar.
        let dir = try F.temporaryDirectory()
        let own = try EventFileWriter(folder: dir, wallTime: 1_767_225_600)
        try own.append(MetricsRecord(step: 1, wallTime: 1, values: [("reward", 1)]))
        for (group, value) in [("grouped_a", 2.0), ("grouped_b", 3.0)] {
            try FileManager.default.createDirectory(atPath: dir + "/" + group, withIntermediateDirectories: true)
            let w = try EventFileWriter(folder: dir + "/" + group, wallTime: 1_767_225_600)
            try w.append(MetricsRecord(step: 1, wallTime: 1, values: [("reward", value)]))
        }
        let sources = try WatchSource.resolve([dir])
        #expect(sources.map(\.depth) == [0, 2, 2])
        let model = WatchModel(sources: sources)
        model.poll()
        let labels = sources.map(\.label)
        #expect(labels.map { Self.curve(model.snapshot, "reward", $0)?.points.map(\.value) } == [[1], [2], [3]])
        // A run's own parts (an HF output folder's checkpoint-N/, runs/<date>/) keep it one run.
        #expect(try WatchSource.resolve([F.path("diffu_grpo")]).count == 1)
        try FileManager.default.createDirectory(atPath: dir + "/checkpoint-4", withIntermediateDirectories: true)
        #expect(try WatchSource.resolve([dir]).map(\.depth) == [2])
        // An HF output folder saved without checkpoints: its own trainer_state.json, its logs in
        // a folder of its choosing: one run, not two.
        let hf = try F.temporaryDirectory()
        try #"{"log_history": [{"step": 1, "loss": 2}]}"#.write(
            toFile: hf + "/trainer_state.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: hf + "/logs", withIntermediateDirectories: true)
        try EventFileWriter(folder: hf + "/logs", wallTime: 1_767_225_600)
            .append(MetricsRecord(step: 1, wallTime: 1, values: [("train/loss", 2)]))
        #expect(try WatchSource.resolve([hf]).count == 1)
    }

    /// A warning names its file by the checkpoint folder too, where HF keeps one
    /// trainer_state.json per checkpoint ("trainer_state.json: …" alone said not which).
    @Test func aCheckpointsFileIsNamedWithItsFolder() {
        let error = RunLogError(path: "/runs/hf/checkpoint-5/trainer_state.json", problem: "half written")
        #expect(WatchModel.shortDescription(error) == "checkpoint-5/trainer_state.json: half written")
        #expect(WatchModel.shortDescription(error, run: "hf") == "hf: checkpoint-5/trainer_state.json: half written")
        #expect(WatchModel.shortDescription(RunLogError(path: "/runs/a/metrics.jsonl", problem: "x")) == "metrics.jsonl: x")
        let gone = RunLogError(path: "/runs/r2", problem: "removed")
        #expect(WatchModel.shortDescription(gone, run: "r2", runPath: "/runs/r2") == "r2: removed")
    }

    /// Runs are numbered (toggle keys, colours) in command-line order, whatever metrics they
    /// have: a first run without the leading metric once came second.
    @Test func runsKeepTheCommandLineOrder() throws {
        let first = try F.temporaryDirectory(), second = try F.temporaryDirectory()
        try MetricsWriter(path: first + "/metrics.jsonl").append(MetricsRecord(step: 1, wallTime: 1, values: [("loss", 2)]))
        try MetricsWriter(path: second + "/metrics.jsonl").append(MetricsRecord(step: 1, wallTime: 1, values: [("reward", 1)]))
        let sources = try WatchSource.resolve([first, second])
        let model = WatchModel(sources: sources)
        model.poll()
        #expect(model.snapshot.series.first?.name == "reward", "the leading metric comes first")
        #expect(CurveSeries.runs(in: model.snapshot.series) == sources.map(\.label))
    }

    /// A log directory gains runs while watched: empty at start it was one run (the two runs
    /// written later merged, one overwriting the other); populated at start, a third run never
    /// appeared. A run removed stays, with its curves.
    @Test func aFolderOfRunsGainsRunsWhileWatched() throws {
        let logdir = try F.temporaryDirectory()
        func write(_ run: String, _ value: Double) throws {
            try FileManager.default.createDirectory(atPath: logdir + "/" + run, withIntermediateDirectories: true)
            try EventFileWriter(folder: logdir + "/" + run, wallTime: 1_767_225_600)
                .append(MetricsRecord(step: 1, wallTime: 1, values: [("reward", value)]))
        }
        let model = WatchModel(sources: try WatchSource.resolve([logdir]))
        model.poll()
        #expect(model.sources.map(\.label).count == 1)
        try write("r1", 1)
        try write("r2", 2)
        model.poll()
        #expect(model.sources.map(\.label) == ["r1", "r2"] && model.snapshot.runs.map(\.label) == ["r1", "r2"])
        #expect(["r1", "r2"].map { Self.curve(model.snapshot, "reward", $0)?.points.map(\.value) } == [[1], [2]])
        try write("r3", 3)
        model.poll()
        #expect(model.snapshot.runs.map(\.label) == ["r1", "r2", "r3"])
        #expect(CurveSeries.runs(in: model.snapshot.series) == ["r1", "r2", "r3"])
        try FileManager.default.removeItem(atPath: logdir + "/r2")
        model.poll()
        #expect(model.snapshot.runs.map(\.label) == ["r1", "r2", "r3"])
        #expect(Self.curve(model.snapshot, "reward", "r2")?.points.map(\.value) == [2])
        // Down to one run the folder is not followed whole again (r1 read twice, once per run).
        try FileManager.default.removeItem(atPath: logdir + "/r3")
        model.poll()
        #expect(model.snapshot.runs.map(\.label) == ["r1", "r2", "r3"])
        #expect(model.snapshot.series.filter { $0.name == "reward" }.count == 3)
    }
}
