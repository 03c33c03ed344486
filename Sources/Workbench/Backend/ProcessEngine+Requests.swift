import MaskedDiffusion

/// `EngineRequest`s as command lines (docs/backend-protocol.md §3).
extension ProcessEngine {
    public func execute(_ request: EngineRequest, model: WorkbenchModel) {
        connection.withLock { c in
            switch request {
            case let .sample(job, queued):
                let id = open(&c, lane: .sample(job.tag.lane), replacing: !queued, route: .sample(job.tag, pending: []))
                let command = BackendCommand.sample(
                    id: id, problem: job.problem, sampler: job.config, seed: job.seed, start: job.start)
                if !send(&c, command) {
                    close(&c, id)
                    inbox.post(.samplingFailed(job.tag, Self.down))
                }
            case let .predict(tag, tokens, k):
                let id = open(&c, lane: .predictions, replacing: false, route: .predict(tag))
                if !send(&c, .predict(id: id, tokens: tokens, k: k)) { close(&c, id) }
            case let .estimateELBO(r):
                cancel(&c, lane: .elbo)
                guard case let .sequence(tokens, prefix) = r.target else {
                    return inbox.post(
                        .elboFailed(
                            request: r.request,
                            "a backend's model has no held-out set here: score the sample instead (d)"))
                }
                let progress = ELBOProgress(
                    request: r.request, estimator: r.estimator, mean: RunningMean(), tokens: tokens.count - prefix,
                    networkRows: 0, seconds: 0, finished: false, history: [])
                let id = open(
                    &c, lane: .elbo, replacing: true,
                    route: .elbo(progress, maxUnits: r.maxUnits, started: monotonicSeconds()))
                let command = BackendCommand.elbo(
                    id: id, tokens: tokens, prefix: prefix, estimator: r.estimator, units: r.maxUnits, seed: 0)
                if !send(&c, command) {
                    close(&c, id)
                    inbox.post(.elboFailed(request: r.request, Self.down))
                }
            case let .sweep(r):
                inbox.post(.sweepFailed(request: r.request, "the sweep runs on the local engine; this model runs in the backend"))
            case let .cancel(lane):
                cancel(&c, lane: lane)
            case .cancelAll:
                for lane in c.lanes.keys { cancel(&c, lane: lane) }
            case .startTraining:
                inbox.post(
                    .training(
                        .failed("training runs on the local engine; this model runs in the backend (open a local model to train)")
                    ))
            case .pauseTraining:
                break  // nothing trains here: startTraining refused
            case let .tokenText(ids):
                guard c.hello?.capabilities.tokens == true, !ids.isEmpty else { return }
                let id = c.nextID
                c.nextID += 1
                c.routes[id] = .tokens
                if !send(&c, .tokens(id: id, ids: ids)) { c.routes[id] = nil }
            }
        }
    }

    /// What a request gets while no backend is up.
    static let down = "the backend is not running: :backend restart starts it again"
}
