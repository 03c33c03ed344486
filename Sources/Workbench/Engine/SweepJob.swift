import MaskedDiffusion

/// One sampler configuration of a held-out sweep, with the name its row and curve point carry.
struct SweepConfig: Sendable, Equatable {
    var label: String
    var config: SamplerConfig

}

/// A held-out sweep: every config decodes the same first `items` test prompts of the model's task.
public struct SweepRequest: Sendable, Equatable {
    var request: Int
    var configs: [SweepConfig]
    var items: Int

    init(request: Int, configs: [SweepConfig], items: Int) {
        (self.request, self.configs, self.items) = (request, configs, items)
    }
}

/// What one config scored: the figures `unmask eval` prints for the same config and items.
struct SweepResult: Sendable, Equatable {
    var label: String
    var success: Double
    var meanReward: Double
    var meanNFE: Double
    var seconds: Double
}

/// A sweep so far: the finished configs' results in request order, and how far the next one is.
public struct SweepProgress: Sendable, Equatable {
    var request: Int
    /// Items each config decodes (the task's test set may hold fewer than asked).
    var items: Int
    var results: [SweepResult]
    /// Items of config `results.count` decoded so far.
    var itemsDone: Int
    var finished: Bool
}

extension EngineWorker {
    /// Decodes the sweep's items with each config in turn (`TaskEvaluator`, batches of
    /// `sweepBatch`, seed 0: what `unmask eval --items N` runs), posting progress after every
    /// batch and a result after every config. Runs on the ELBO worker's `.sweep` lane, so
    /// sampling and predictions never wait behind it; a replacing request or `.cancel(.sweep)`
    /// stops it at the next network call.
    func sweep(_ sweep: SweepRequest, model: WorkbenchModel, inbox: Inbox<EngineMessage>) {
        submit(lane: .sweep) { context in
            guard let loaded = model.loaded else {
                return inbox.post(.sweepFailed(request: sweep.request, WorkbenchModel.noWeights))
            }
            guard let task = model.task else {
                return inbox.post(
                    .sweepFailed(request: sweep.request, "a held-out sweep needs a task model (countdown, sudoku4)"))
            }
            let items = Array(task.testItems.prefix(sweep.items))
            var progress = SweepProgress(request: sweep.request, items: items.count, results: [], itemsDone: 0, finished: false)
            inbox.post(.sweep(progress))
            for entry in sweep.configs {
                let rows = Self.sweepBatch * (entry.config.usesGuidance ? 2 : 1)
                do {
                    let r = try loaded.networks.with(rows: rows, seqLen: task.promptLength + task.completionLength) {
                        network in
                        try TaskEvaluator.evaluate(
                            model: network, task: task, items: items, config: entry.config, batchSize: Self.sweepBatch,
                            progress: { done in
                                progress.itemsDone = done
                                inbox.post(.sweep(progress))
                            }, stop: { context.isCancelled })
                    }
                    progress.results.append(
                        SweepResult(
                            label: entry.label, success: r.metrics.successRate, meanReward: r.metrics.meanReward,
                            meanNFE: r.meanNFE, seconds: r.seconds))
                    progress.itemsDone = 0
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

    /// Items decoded per network call in a sweep (`unmask eval --batch`'s default).
    static let sweepBatch = 64
}
