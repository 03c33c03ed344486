import MaskedDiffusion

/// The workbench's engine side: runs `EngineRequest`s on its threads and collects what they
/// report in one inbox the UI drains each frame.
///
/// Two workers keep interactive jobs interactive: sampling and cursor predictions on one, ELBO
/// estimates on the other, so a knob change never waits behind a 512-unit estimate. RL training
/// has a thread of its own. Parallelism comes from these threads, so OpenBLAS runs one thread
/// (docs/architecture.md §3): its own pool would oversubscribe the cores.
public final class EngineCoordinator: EngineDoor {
    let interactive = EngineWorker(name: "unmask-engine")
    let background = EngineWorker(name: "unmask-elbo")
    let training = TrainingSession()
    public let inbox = Inbox<EngineMessage>()

    public init() { BLAS.setThreads(1) }

    /// Runs one request against `model` (the model the workbench shows when it asked).
    public func execute(_ request: EngineRequest, model: WorkbenchModel) {
        switch request {
        case let .sample(job, queued):
            if queued {
                interactive.sampleQueued(job, model: model, inbox: inbox)
            } else {
                interactive.sample(job, model: model, inbox: inbox)
            }
        case let .predict(tag, tokens, k):
            interactive.predict(tag, tokens: tokens, model: model, k: k, inbox: inbox)
        case let .estimateELBO(r):
            background.estimateELBO(
                request: r.request, target: r.target, estimator: r.estimator, maxUnits: r.maxUnits,
                model: model, inbox: inbox)
        case let .sweep(r):
            background.sweep(r, model: model, inbox: inbox)
        case let .cancel(lane):
            worker(for: lane).cancel(lane)
        case .cancelAll:
            interactive.cancelAll()
            background.cancelAll()
        case let .startTraining(directory, config):
            training.start(directory: directory, model: model, config: config, inbox: inbox)
        case .pauseTraining:
            training.pause()
        case .tokenText:
            break  // a local model's labels come from its tokenizer (WorkbenchModel)
        }
    }

    /// Whether an RL run is still on its thread (a pause takes effect after the round).
    public var isTraining: Bool { training.isRunning }

    /// Drops every job; the local engine has no process to start again.
    public func restart() {
        interactive.cancelAll()
        background.cancelAll()
    }

    private func worker(for lane: JobLane) -> EngineWorker { lane == .elbo || lane == .sweep ? background : interactive }

    /// Stops every thread. A training round in flight is abandoned at its next network call
    /// (every finished round is checkpointed), so shutting down takes moments, not a round.
    public func shutdown() {
        training.abort()
        interactive.shutdown()
        background.shutdown()
        training.shutdown()
    }
}
