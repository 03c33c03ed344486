import ESPO
import MaskedDiffusion

/// Which viewed state a prediction answers. The engine only echoes it back; the UI uses it to
/// drop answers for a state it no longer shows.
public struct PredictionTag: Hashable, Sendable {
    var branchID: Int
    var request: Int
    var step: Int
    var row: Int

    init(branchID: Int, request: Int, step: Int, row: Int) {
        (self.branchID, self.request, self.step, self.row) = (branchID, request, step, row)
    }
}

/// A request for the estimate the ELBO pane shows.
public struct ELBORequest: Sendable, Equatable {
    var request: Int
    var target: ELBOTarget
    var estimator: ELBOEstimator
    var maxUnits: Int
}

/// Everything the workbench asks of its engine: the only way UI code reaches compute. The
/// reducer returns these as values (so key → request is testable without threads); the
/// `EngineCoordinator` runs them. Every request is valid when made: the reducer validates
/// settings before it asks.
public enum EngineRequest: Sendable {
    /// Samples `request`; `queued` waits behind the lane's running job instead of cancelling it.
    case sample(SamplingRequest, queued: Bool)
    /// Top-k candidates at every masked position of one row's tokens.
    case predict(PredictionTag, tokens: [Int32], k: Int)
    case estimateELBO(ELBORequest)
    /// Decodes and scores held-out prompts with each config (`SweepJob.swift`).
    case sweep(SweepRequest)
    case cancel(JobLane)
    case cancelAll
    /// Starts (or resumes) the RL run in `directory`.
    case startTraining(directory: String, config: ESPOConfig)
    /// Pauses the run after the round in flight (it is checkpointed).
    case pauseTraining
    /// The display text of these ids, for a backend's model (its hello carries no vocabulary);
    /// answered by `BackendEvent.tokenText`. A local model's text is in its tokenizer.
    case tokenText([Int32])
}
