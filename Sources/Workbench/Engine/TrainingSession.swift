import ESPO
import Foundation
import MaskedDiffusion
import RunLog
import Synchronization

/// Runs ESPO (or a baseline) on its own worker thread, so sampling stays interactive while a
/// run trains. The run lives on disk exactly as `unmask espo --out DIR` writes it: pausing saves
/// a checkpoint and ends the job; continuing resumes from that checkpoint, so the CLI can also
/// pick it up with `unmask espo --out DIR --resume`.
final class TrainingSession: Sendable {
    private let worker = EngineWorker(name: "unmask-training")
    /// Set by `abort`: the round in flight stops at its next network call, unsaved.
    private let aborting = Atomic<Bool>(false)

    init() {}

    var isRunning: Bool { worker.isBusy }

    /// Starts a new run in `directory` from `model`, or resumes the run already there.
    func start(directory: String, model: WorkbenchModel, config: ESPOConfig, inbox: Inbox<EngineMessage>) {
        worker.submit(lane: .training) { context in
            do {
                let run: RLRun
                if RunDirectory(path: directory).hasCheckpoint {
                    // The Train tab's round count is the one shown, so it extends (or ends) the run.
                    run = try RLRun.resume(at: directory, threads: 1, rounds: config.rounds)
                } else {
                    guard let task = model.task, let loaded = model.loaded else {
                        inbox.post(.training(.failed("\(model.name) is not a task model: RL needs rewards")))
                        return
                    }
                    run = try RLRun.start(at: directory, model: loaded, task: task, config: config, threads: 1)
                }
                // Every round is checkpointed, so an abort loses at most the round in flight.
                let trainer = run.trainer
                func started() {
                    let history = (try? MetricsReader(path: run.directory.metricsPath).poll()) ?? []
                    inbox.post(
                        .training(.started(path: directory, config: trainer.config, round: trainer.round, history: history)))
                }
                // A round count at or below the rounds done ends the run as it is, before the
                // recorder cuts the log back to the checkpoint (its final evaluation comes after):
                // no second final evaluation, no checkpoint past its rounds.
                if trainer.isFinished {
                    started()
                    return inbox.post(.training(.stopped(round: trainer.round, checkpoint: run.directory.latestPath)))
                }
                let recorder = try RLRunRecorder(run: run, checkpointEvery: 1)
                trainer.stopRequested = { [self] in aborting.load(ordering: .relaxed) }
                started()
                while !trainer.isFinished {
                    if context.isCancelled {
                        try run.saveCheckpoint()
                        inbox.post(.training(.paused(round: trainer.round)))
                        return
                    }
                    let round = try recorder.advance()
                    inbox.post(.training(.round(Self.summary(round, group: trainer.config.group))))
                }
                if let (_, record) = try recorder.finalEvaluation() {
                    inbox.post(
                        .training(
                            .round(
                                TrainingRound(
                                    round: trainer.round - 1, step: trainer.step,
                                    records: [record], samples: [], seconds: 0))))
                }
                try run.saveCheckpoint()
                inbox.post(.training(.stopped(round: trainer.round, checkpoint: run.directory.latestPath)))
            } catch SamplerError.stopped {
                return  // shutting down: the last finished round is on disk
            } catch {
                inbox.post(.training(.failed("\(error)")))
            }
        }
    }

    /// Ends the running round, saves a checkpoint, and stops.
    func pause() { worker.cancelAll() }

    /// Stops the run at its next network call without finishing the round: what a shutdown
    /// does, so the process exits within moments. The last finished round is already saved.
    func abort() {
        aborting.store(true, ordering: .relaxed)
        worker.cancelAll()
    }

    func shutdown() { worker.shutdown(timeout: 30) }

    /// The round's records and the first completion of each of its first four groups.
    static func summary(_ round: RLRunRecorder.Round, group: Int) -> TrainingRound {
        let rollout = round.report.rollout
        let samples = stride(from: 0, to: min(rollout.completions.count, 4 * group), by: max(1, group)).map { i in
            (prompt: rollout.items[i].prompt, completion: rollout.completions[i], reward: rollout.rewards[i])
        }
        return TrainingRound(
            round: round.report.round, step: round.records.last?.step ?? 0, records: round.records,
            samples: samples, seconds: round.seconds)
    }
}
