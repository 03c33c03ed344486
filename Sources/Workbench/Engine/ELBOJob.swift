import MaskedDiffusion

/// What the ELBO pane scores.
enum ELBOTarget: Sendable, Equatable {
    /// One sequence (the current trajectory's final state): [seqLen] with a prefix never scored.
    case sequence([Int32], prefix: Int)
    /// The model's held-out set: unit u scores test sequence u mod count.
    case heldOut(limit: Int)
}

extension EngineWorker {
    /// Accumulates i.i.d. ELBO units a batch at a time until `maxUnits` or cancellation,
    /// publishing the running mean ± standard error after every batch so the pane shows it
    /// converge. Units are keyed by (seed, index), as in `unmask elbo`.
    func estimateELBO(
        request: Int, target: ELBOTarget, estimator: ELBOEstimator, maxUnits: Int,
        model: WorkbenchModel, inbox: Inbox<EngineMessage>
    ) {
        submit(lane: .elbo) { context in
            guard let loaded = model.loaded, let source = model.network else {
                inbox.post(.elboFailed(request: request, WorkbenchModel.noWeights))
                return
            }
            let sequences: [(tokens: [Int32], prefix: Int)]
            switch target {
            case let .sequence(tokens, prefix):
                sequences = [(tokens, prefix)]
            case let .heldOut(limit):
                guard let dataset = loaded.dataset else {
                    inbox.post(.elboFailed(request: request, "\(model.name) records no training data, so it has no held-out set"))
                    return
                }
                do {
                    let source = try dataset.open(seed: 0, tokenizer: loaded.tokenizer).0
                    sequences = DatasetSpec.testSequences(of: source, limit: limit)
                } catch {
                    inbox.post(.elboFailed(request: request, "held-out set: \(error)"))
                    return
                }
            }
            guard !sequences.isEmpty else {
                inbox.post(.elboFailed(request: request, "nothing to score"))
                return
            }
            let group = 8
            let rowsPerCall = 4 * estimator.rowsPerUnit(group: group)  // up to four units per network call
            let seqLen = sequences.map(\.tokens.count).max()!
            source.with(rows: rowsPerCall, seqLen: seqLen) { network in
                Self.accumulate(
                    request: request, sequences: sequences, estimator: estimator, maxUnits: maxUnits,
                    group: group, evaluator: ELBOEvaluator(network: network, maskId: model.maskId), context: context, inbox: inbox
                )
            }
        }
    }

    /// Adds units a batch at a time, posting the running estimate after each batch.
    private static func accumulate(
        request: Int, sequences: [(tokens: [Int32], prefix: Int)], estimator: ELBOEstimator,
        maxUnits: Int, group: Int, evaluator: ELBOEvaluator, context: JobContext,
        inbox: Inbox<EngineMessage>
    ) {
        let started = monotonicSeconds()
        var progress = ELBOProgress(
            request: request, estimator: estimator, mean: RunningMean(),
            tokens: sequences[0].tokens.count - sequences[0].prefix, networkRows: 0,
            seconds: 0, finished: false, history: [])
        var unit = 0
        while unit < maxUnits, !context.isCancelled {
            // Small batches first so the first numbers appear at once, larger ones later.
            let batch = min(maxUnits - unit, max(1, min(16, unit / 4 + 1)))
            // One sequence: the batch's units share network calls. The held-out set scores
            // sequence u mod count for unit u, one unit per call.
            let calls = sequences.count == 1 ? [unit..<unit + batch] : (unit..<unit + batch).map { $0..<$0 + 1 }
            for units in calls {
                let s = sequences[units.lowerBound % sequences.count]
                evaluator.accumulate(
                    into: &progress.mean, networkRows: &progress.networkRows, sequence: s.tokens,
                    prefixLength: s.prefix, estimator: estimator, units: units,
                    group: group, seed: 0)
            }
            unit += batch
            progress.seconds = monotonicSeconds() - started
            progress.finished = unit >= maxUnits
            progress.history.append((progress.mean.count, progress.bitsPerToken, progress.bitsError))
            inbox.post(.elbo(progress))
        }
    }
}
