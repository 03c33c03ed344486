import MaskedDiffusion

/// Engine messages into state. Results of superseded requests are dropped here.
extension WorkbenchReducer {
    mutating func apply(_ message: EngineMessage) {
        switch message {
        case let .samplingSteps(tag, steps, statistics):
            update(tag) { branch in
                branch.steps += steps
                branch.statistics = statistics
            }
            if case .branch = tag.lane, state.timeline.followLive, tag.lane == .branch(state.branch.id) {
                state.timeline.step = state.branch.steps.count
            }
            if state.backend != nil { askTokenText(Self.tokenIDs(steps)) }
        case let .samplingFinished(tag, statistics, seconds, outcome):
            update(tag) { branch in
                branch.finished = true
                branch.statistics = statistics
                branch.seconds = seconds
                branch.outcome = outcome
            }
            requestPredictions()
            continueRestoring()
        case let .predictions(key, candidates):
            guard state.branches.contains(where: { $0.id == key.branchID && $0.request == key.request }) else { return }
            state.predictions[key] = candidates
            if state.backend != nil { askTokenText(candidates.joined().map(\.token)) }
        case let .samplingFailed(tag, text):
            update(tag) { branch in
                branch.error = text
                branch.finished = true
            }
            say(text, error: true)
        case let .elbo(progress):
            guard progress.request == state.elbo.request else { return }
            state.elbo.progress = progress
            if progress.finished { state.elbo.running = false }
        case .sweep, .sweepFailed:
            applySweep(message)
        case let .elboFailed(request, text):
            guard request == state.elbo.request else { return }
            state.elbo.running = false
            state.elbo.failure = text
            say(text, error: true)
        case let .training(update):
            apply(update)
        case let .backend(event):
            apply(event)
        }
    }

    /// Runs `change` on the branch `tag` feeds, if `tag` is still its newest request.
    private mutating func update(_ tag: RequestTag, _ change: (inout Branch) -> Void) {
        switch tag.lane {
        case .compare:
            guard var b = state.compare, b.request == tag.number else { return }
            change(&b)
            state.compare = b
        case let .branch(id):
            guard let i = state.branches.firstIndex(where: { $0.id == id }), state.branches[i].request == tag.number else {
                return
            }
            change(&state.branches[i])
        }
    }

    /// How a training failure starts in the status bar.
    static let trainingFailure = "training: "

    private mutating func apply(_ update: TrainingUpdate) {
        switch update {
        case let .started(path, config, round, history):
            // A failure to start (the folder held by another process) is over once a start works:
            // its error once stayed in the status bar beside the running run.
            if state.notice?.hasPrefix(Self.trainingFailure) == true { state.notice = nil }
            // The panel shows the settings the run really has (a resumed run keeps its own) and
            // its whole history, not only the rounds since this start.
            if round > 0, config != state.training.config {
                say(
                    "resumed \(path) with its own settings (\(config.objective.rawValue)); :run DIR starts a new run",
                    error: false)
            }
            state.training.running = true
            state.training.status = "\(config.objective.rawValue) running"
            state.training.config = config
            state.training.records = history
            state.training.samples = []
            state.training.round = round
        case let .round(round):
            state.training.round = round.round + 1
            state.training.records += round.records
            if !round.samples.isEmpty { state.training.samples = round.samples }
        case let .paused(round):
            state.training.running = false
            state.training.status = "paused at round \(round) · saved"
        case let .stopped(round, checkpoint):
            state.training.running = false
            state.training.status = "done: \(round) rounds"
            say("training finished: model at \(checkpoint)")
        case let .failed(text):
            state.training.running = false
            state.training.status = "failed: \(text)"
            say(Self.trainingFailure + text, error: true)
        }
    }

    // MARK: ELBO and training

    mutating func toggleELBO() {
        if state.elbo.running {
            ask(.cancel(.elbo))
            state.elbo.running = false
            state.elbo.stopped = true
            return
        }
        startELBO()
    }

    /// A new estimator or target: a running estimate restarts; a finished one is cleared, so
    /// the pane never shows one estimator's numbers under another's name.
    mutating func retargetELBO() {
        if state.elbo.running { return startELBO() }
        state.elbo.progress = nil
        state.elbo.stopped = false
    }

    /// Estimates on the viewed trajectory's final sequence, or on the held-out set.
    mutating func startELBO() {
        state.elbo.request += 1
        state.elbo.running = true
        state.elbo.stopped = false
        state.elbo.failure = nil
        state.elbo.progress = nil
        let b = state.branch
        let final = b.tokens(row: state.timeline.row, at: b.steps.count)
        // Only the generated part counts: an unconditional image's prompt is the mask (its null class).
        if !state.elbo.heldOut, !b.finished || final.dropFirst(state.problem.promptLength).contains(state.model.maskId) {
            state.elbo.running = false
            say("the sample still has masked positions: wait for it to finish, or score the held-out set (d)", error: true)
            return
        }
        let target: ELBOTarget =
            state.elbo.heldOut
            ? .heldOut(limit: 64)
            : .sequence(final, prefix: state.problem.promptLength)
        ask(
            .estimateELBO(
                ELBORequest(
                    request: state.elbo.request, target: target, estimator: state.elbo.estimator,
                    maxUnits: state.elbo.maxUnits)))
    }

    /// What the shell found in the Train tab's run folder: a run to resume (its settings, round
    /// and curves), or nothing (a new run starts there with the panel's settings).
    mutating func showRun(_ peek: RunPeek?) {
        guard !state.training.running else { return }
        guard let peek else {
            state.training.records = []
            state.training.round = 0
            state.training.status = "new run in \(state.training.directory)"
            return
        }
        state.training.config = peek.config
        state.training.records = peek.history
        state.training.round = peek.round
        state.training.status = "paused at round \(peek.round) · t resumes"
    }

    mutating func toggleTraining() {
        if state.training.running {
            ask(.pauseTraining)
            state.training.status = "pausing after this round…"
            return
        }
        if state.backend != nil {
            return say(
                "training runs on the local engine; this model runs in the backend (start unmask without --backend to train)",
                error: true)
        }
        guard state.model.task != nil else {
            say("RL needs a task model (countdown, sudoku4): pick one on the Models tab", error: true)
            return
        }
        state.training.running = true
        state.training.status = "starting…"
        ask(.startTraining(directory: state.training.directory, config: state.training.config))
    }

}
