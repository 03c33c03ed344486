import Foundation
import MaskedDiffusion
import RunLog

/// Advances an `RLRun` one round at a time and writes its streams the way `unmask espo` does:
/// `metrics.jsonl`, TensorBoard event files, `samples.jsonl`, periodic checkpoints. The CLI and
/// the workbench's training pane both drive a run through this, so a run started in either can
/// be watched, resumed or evaluated by the other.
public final class RLRunRecorder {
    public let run: RLRun
    private let metrics: MetricsWriter
    private let events: EventFileWriter
    private let samples: SampleLog
    private let checkpointEvery: Int
    private let sampleGroups: Int

    /// What one `advance()` did.
    public struct Round {
        public var report: RLTrainer.RoundReport
        /// The held-out evaluation run before the round, when one was due.
        public var evaluation: TaskEvaluation?
        public var records: [MetricsRecord]
        /// Seconds of rollout and optimisation (evaluation excluded).
        public var seconds: Double
    }

    /// Opens (appending) the run's streams in `run.directory.path`, first cutting each back to
    /// the run's step (`LogRewind`) so that rounds logged after the checkpoint a resumed run
    /// started from are not logged twice; `sampleGroups` groups of each logged round go to
    /// samples.jsonl.
    public init(run: RLRun, checkpointEvery: Int, sampleGroups: Int = 2) throws {
        self.run = run
        self.checkpointEvery = checkpointEvery
        self.sampleGroups = sampleGroups
        try FileManager.default.createDirectory(atPath: run.directory.path, withIntermediateDirectories: true)
        let step = run.trainer.step
        try LogRewind.jsonLines(at: run.directory.metricsPath, keepingStepsBefore: step)
        try LogRewind.jsonLines(at: run.samplesPath, keepingStepsBefore: step)
        try LogRewind.eventFiles(in: run.directory.path, keepingStepsBefore: step)
        metrics = try MetricsWriter(path: run.directory.metricsPath)
        events = try EventFileWriter(folder: run.directory.path)
        samples = try SampleLog(path: run.samplesPath)
    }

    public var trainer: RLTrainer { run.trainer }

    /// Evaluates when due, runs one round, appends its records and samples, and saves a
    /// checkpoint every `checkpointEvery` rounds (not after the last: `finish` does).
    public func advance() throws -> Round {
        let config = trainer.config
        let evaluation = config.evalEvery > 0 && trainer.round % config.evalEvery == 0 ? try trainer.evaluate() : nil
        let report = try trainer.runRound()
        let seconds = report.rollout.seconds + report.steps.reduce(0) { $0 + $1.referenceSeconds + $1.policySeconds }
        run.elapsedSeconds += seconds
        let records = report.records(evaluation: evaluation)
        for record in records {
            try metrics.append(record)
            try events.append(record)
        }
        if config.samplesEvery > 0 && report.round % config.samplesEvery == 0 {
            try samples.append(report, groups: sampleGroups, groupSize: config.group)
        }
        if checkpointEvery > 0 && trainer.round % checkpointEvery == 0 && !trainer.isFinished { try run.saveCheckpoint() }
        return Round(report: report, evaluation: evaluation, records: records, seconds: seconds)
    }

    /// The final held-out evaluation (when the run evaluates at all), recorded like the others.
    public func finalEvaluation() throws -> (TaskEvaluation, MetricsRecord)? {
        guard trainer.config.evalEvery > 0 else { return nil }
        let e = try trainer.evaluate()
        let record = MetricsRecord(
            step: trainer.step, wallTime: Date().timeIntervalSince1970,
            values: [("round", Double(trainer.round))] + e.metricValues)
        try metrics.append(record)
        try events.append(record)
        return (e, record)
    }
}
