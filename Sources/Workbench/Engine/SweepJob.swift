import MaskedDiffusion

/// One sampler configuration of a held-out sweep, with the name its row and curve point carry.
struct SweepConfig: Sendable, Equatable {
    var label: String
    var config: SamplerConfig
}

/// What a sweep's prompts are and what it measures, by the kind of model.
enum SweepSource: Sendable, Equatable {
    /// A task model: its first test items, scored by the task's reward (success).
    case task
    /// A text model: its first held-out windows cut to `promptLength` tokens, each continued by
    /// every config and scored as NELBO per token (`ContinuationEvaluator`).
    case text(promptLength: Int)
}

/// A held-out sweep: every config decodes the same first `items` held-out prompts.
public struct SweepRequest: Sendable, Equatable {
    var request: Int
    var configs: [SweepConfig]
    var items: Int
    var source: SweepSource

    init(request: Int, configs: [SweepConfig], items: Int, source: SweepSource = .task) {
        (self.request, self.configs, self.items, self.source) = (request, configs, items, source)
    }
}

/// The figure a sweep ranks configs by.
enum SweepFigure: Sendable, Equatable {
    /// Task models: held-out success rate and mean reward (`unmask eval`'s figures).
    case success(rate: Double, meanReward: Double)
    /// Text models: NELBO per token of the generated continuations given their prompts (nats;
    /// lower is better).
    case nelboPerToken(Double)
}

/// What one config scored.
struct SweepResult: Sendable, Equatable {
    var label: String
    var figure: SweepFigure
    var meanNFE: Double
    var seconds: Double
}

/// A sweep so far: the finished configs' results in request order, and how far the next one is.
public struct SweepProgress: Sendable, Equatable {
    var request: Int
    /// Items each config decodes (the held-out set may hold fewer than asked).
    var items: Int
    var results: [SweepResult]
    /// Items of config `results.count` decoded so far.
    var itemsDone: Int
    var finished: Bool
}

extension EngineWorker {
    /// Decodes the sweep's items with each config in turn, posting progress after every batch
    /// and a result after every config. Runs on the ELBO worker's `.sweep` lane, so sampling and
    /// predictions never wait behind it; a replacing request or `.cancel(.sweep)` stops it at
    /// the next network call.
    func sweep(_ sweep: SweepRequest, model: WorkbenchModel, inbox: Inbox<EngineMessage>) {
        submit(lane: .sweep) { context in
            guard let loaded = model.loaded else {
                return inbox.post(.sweepFailed(request: sweep.request, WorkbenchModel.noWeights))
            }
            let evaluate: SweepEvaluation
            do {
                switch sweep.source {
                case .task:
                    guard let task = model.task else {
                        return inbox.post(
                            .sweepFailed(request: sweep.request, "a sweep needs a task or text model"))
                    }
                    evaluate = Self.taskEvaluation(task, items: sweep.items, loaded: loaded)
                case let .text(promptLength):
                    evaluate = try Self.textEvaluation(
                        promptLength: promptLength, items: sweep.items, configs: sweep.configs, loaded: loaded)
                }
            } catch {
                return inbox.post(.sweepFailed(request: sweep.request, "held-out prompts: \(error)"))
            }
            var progress = SweepProgress(
                request: sweep.request, items: evaluate.items, results: [], itemsDone: 0, finished: false)
            inbox.post(.sweep(progress))
            for entry in sweep.configs {
                do {
                    let (figure, nfe, seconds) = try evaluate.run(
                        entry.config,
                        { done in
                            progress.itemsDone = done
                            inbox.post(.sweep(progress))
                        }, { context.isCancelled })
                    progress.results.append(SweepResult(label: entry.label, figure: figure, meanNFE: nfe, seconds: seconds))
                    progress.itemsDone = 0
                    // The row fills in now, not after the next config's first batch.
                    if progress.results.count < sweep.configs.count { inbox.post(.sweep(progress)) }
                } catch SamplerError.stopped {
                    return
                } catch {
                    return inbox.post(.sweepFailed(request: sweep.request, "\(entry.label): \(error)"))
                }
            }
            progress.finished = true
            inbox.post(.sweep(progress))
        }
    }

    /// Items decoded per network call in a task sweep (`unmask eval --batch`'s default).
    static let sweepBatch = 64
}
