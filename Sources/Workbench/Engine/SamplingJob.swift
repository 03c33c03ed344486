import Foundation
import MaskedDiffusion

/// A request to sample: the view it feeds, the knobs, and where to start (a fresh problem or a
/// branch point).
public struct SamplingRequest: Sendable {
    var tag: RequestTag
    var config: SamplerConfig
    var problem: SamplingProblem
    var seed: UInt64
    var start: SamplingStart?
    /// The item every row answers (task models: held out, or typed in the task's format): the finished sample is scored on it.
    var item: TaskItem?

    public init(
        tag: RequestTag, config: SamplerConfig, problem: SamplingProblem, seed: UInt64, start: SamplingStart?,
        item: TaskItem?
    ) {
        (self.tag, self.config, self.problem, self.seed, self.start, self.item) = (tag, config, problem, seed, start, item)
    }
}

extension EngineWorker {
    /// Runs `request` step by step, publishing batches of steps so the timeline fills while it
    /// runs; a finished task sample is scored with the task's reward.
    func sample(_ request: SamplingRequest, model: WorkbenchModel, inbox: Inbox<EngineMessage>) {
        submit(lane: .sample(request.tag.lane), replacing: true, samplingJob(request, model: model, inbox: inbox))
    }

    /// Like `sample`, but queued behind the running job instead of cancelling it.
    func sampleQueued(_ request: SamplingRequest, model: WorkbenchModel, inbox: Inbox<EngineMessage>) {
        submit(lane: .sample(request.tag.lane), replacing: false, samplingJob(request, model: model, inbox: inbox))
    }

    private func samplingJob(_ request: SamplingRequest, model: WorkbenchModel, inbox: Inbox<EngineMessage>) -> Job {
        { context in
            guard let loaded = model.loaded, let source = model.network else {
                inbox.post(.samplingFailed(request.tag, WorkbenchModel.noWeights))
                return
            }
            // The reducer validated the settings; the sampler still refuses (and says why)
            // anything it cannot run.
            let rows = request.problem.rows * (request.config.usesGuidance ? 2 : 1)
            let seqLen = request.problem.promptLength + request.config.generationLength
            guard seqLen <= loaded.params.config.maxSeqLen else {
                return inbox.post(.samplingFailed(request.tag, "sequence of \(seqLen) exceeds the model's positions"))
            }
            source.with(rows: rows, seqLen: seqLen) { network in
                Self.run(request, network: network, model: model, context: context, inbox: inbox)
            }
        }
    }

    /// Samples `request` on `network` until done or cancelled, posting steps as they come.
    private static func run(
        _ request: SamplingRequest, network: LogitsSource, model: WorkbenchModel, context: JobContext,
        inbox: Inbox<EngineMessage>
    ) {
        let sampler: any Sampler
        do {
            sampler = try makeSampler(
                network: network, config: request.config, problem: request.problem,
                seed: request.seed, start: request.start)
        } catch {
            inbox.post(.samplingFailed(request.tag, "sampler: \(error)"))
            return
        }
        let started = monotonicSeconds()
        var batch: [TrajectoryStep] = []
        var lastPost = started
        while !context.isCancelled, let step = sampler.step() {
            batch.append(step)
            let now = monotonicSeconds()
            if now - lastPost > 0.02 {
                inbox.post(.samplingSteps(request.tag, batch, sampler.statistics))
                batch.removeAll()
                lastPost = now
            }
        }
        guard !context.isCancelled else { return }
        if !batch.isEmpty { inbox.post(.samplingSteps(request.tag, batch, sampler.statistics)) }
        let outcome = model.task.flatMap { task in
            request.item.map { Self.score(sampler.tokens, promptLength: request.problem.promptLength, task: task, item: $0) }
        }
        inbox.post(
            .samplingFinished(
                request.tag, sampler.statistics, seconds: monotonicSeconds() - started,
                outcome: outcome))
    }

    /// Task rewards of each row's completion on `item`.
    static func score(_ tokens: [[Int32]], promptLength: Int, task: any ReasoningTask, item: TaskItem) -> SampleOutcome {
        let completions = tokens.map { task.completionText($0.dropFirst(promptLength)) }
        return SampleOutcome(
            rewards: completions.map { task.reward(item, completion: $0) },
            successes: completions.map { task.isSuccess(item, completion: $0) },
            completions: completions)
    }

    /// Top candidates at every masked position of `tokens` (one row), queued behind any sample.
    func predict(
        _ key: PredictionTag, tokens: [Int32], model: WorkbenchModel, k: Int,
        inbox: Inbox<EngineMessage>
    ) {
        submit(lane: .predictions, replacing: false) { context in
            guard !context.isCancelled, let source = model.network else { return }
            let candidates = source.with(rows: 1, seqLen: tokens.count) {
                $0.predictions(tokens: tokens, maskId: model.maskId, k: k)
            }
            inbox.post(.predictions(key, candidates))
        }
    }
}
