import MaskedDiffusion

/// The workbench's engine side: a worker for interactive jobs (sampling, predictions, ELBO),
/// a training session on its own thread, and the inbox both publish into.
///
/// Parallelism comes from these threads, so OpenBLAS is set to one thread (docs/architecture.md §3):
/// its own pool would oversubscribe the cores and can hang process exit while a GEMM runs.
public final class EngineLink: Sendable {
    public let worker = EngineWorker(name: "unmask-engine")
    public let training = TrainingSession()
    public let inbox = Inbox<EngineMessage>()

    public init() { BLAS.setThreads(1) }

    /// Stops both threads. A training round in flight is given 30 s to finish and be
    /// checkpointed; past that the process exits without it (the previous checkpoint stands).
    public func shutdown() {
        worker.shutdown()
        training.pause()
        training.shutdown()
    }
}
