import ESPO
import MaskedDiffusion
import RunLog

/// Which view a sampling job feeds: a branch of the main trajectory, or the compare pane's
/// second config. With the request number it lets the UI drop results of superseded jobs.
public enum SampleLane: Hashable, Sendable {
    case branch(Int)
    case compare
}

/// Identifies one request: the UI keeps the newest number per lane and ignores older ones.
public struct RequestTag: Hashable, Sendable {
    var lane: SampleLane
    var number: Int

    public init(lane: SampleLane, number: Int) {
        self.lane = lane
        self.number = number
    }
}

/// How a finished sample scores: task rewards, or nothing for text and images.
public struct SampleOutcome: Sendable, Equatable {
    /// Per row.
    var rewards: [Double]
    var successes: [Bool]
    var completions: [String]
}

/// Everything engine threads tell the UI. Sampling publishes steps in batches (at most one
/// message per ~20 ms), never one per token.
public enum EngineMessage: Sendable {
    case samplingSteps(RequestTag, [TrajectoryStep], SamplerStatistics)
    case samplingFinished(RequestTag, SamplerStatistics, seconds: Double, outcome: SampleOutcome?)
    /// Top candidates at every masked position of a viewed state: [seqLen][k].
    case predictions(PredictionTag, [[Candidate]])
    case samplingFailed(RequestTag, String)
    case elbo(ELBOProgress)
    case elboFailed(request: Int, String)
    case sweep(SweepProgress)
    case sweepFailed(request: Int, String)
    case training(TrainingUpdate)
    /// How a backend process is doing (never sent by the local engine).
    case backend(BackendEvent)
}

/// News about the backend process behind a `ProcessEngine`.
public enum BackendEvent: Sendable, Equatable {
    /// A (re)started backend said hello: it serves `model` on `device`.
    case ready(model: String, device: String)
    /// A ping's round trip, in seconds.
    case roundTrip(Double)
    /// No pong for this many seconds: the backend is busy or hung.
    case silent(Double)
    /// The process ended (or never started); the text says how, with its stderr's tail.
    case down(String)
    /// A line that broke the protocol, or an error not tied to a request (the backend keeps running).
    case problem(String)
    /// The display text of ids the workbench asked for (`EngineRequest.tokenText`).
    case tokenText([Int32: String])
}

/// ELBO estimation so far: the running mean of i.i.d. units and its standard error.
public struct ELBOProgress: Sendable, Equatable {
    var request: Int
    var estimator: ELBOEstimator
    var mean: RunningMean
    var tokens: Int
    var networkRows: Int
    var seconds: Double
    var finished: Bool
    /// (units, bits/token) after each batch: the convergence plot.
    var history: [(units: Int, bits: Double, error: Double)]

    public static func == (a: Self, b: Self) -> Bool {
        a.request == b.request && a.mean == b.mean && a.finished == b.finished
    }

    /// Negative ELBO in bits per token (NaN before any unit).
    var bitsPerToken: Double { tokens > 0 ? mean.mean / (Double(tokens) * ln2) : .nan }
    var bitsError: Double { tokens > 0 ? mean.standardError / (Double(tokens) * ln2) : .nan }
}

/// ln 2: nats → bits.
private let ln2 = 0.6931471805599453

/// One RL round as the training pane plots it, plus lifecycle changes.
public enum TrainingUpdate: Sendable {
    /// A run started or resumed: the settings it runs with, its round, and what it logged so far.
    case started(path: String, config: ESPOConfig, round: Int, history: [MetricsRecord])
    case round(TrainingRound)
    case paused(round: Int)
    case stopped(round: Int, checkpoint: String)
    case failed(String)
}

/// The metrics of one finished round (the same names `unmask espo` writes to metrics.jsonl).
public struct TrainingRound: Sendable {
    var round: Int
    var step: Int
    /// One record per optimizer step, as metrics.jsonl holds them.
    var records: [MetricsRecord]
    /// A few completions with their rewards, newest round first in the pane.
    var samples: [(prompt: String, completion: String, reward: Double)]
    var seconds: Double
}
