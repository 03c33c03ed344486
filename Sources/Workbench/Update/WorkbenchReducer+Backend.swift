/// The backend process (`unmask tui --backend CMD`): its news into state, and `:backend restart`.
extension WorkbenchReducer {
    mutating func apply(_ event: BackendEvent) {
        guard var backend = state.backend else { return }
        defer { state.backend = backend }
        switch event {
        case let .ready(model, device):
            backend.device = device
            backend.down = nil
            backend.silentFor = nil
            state.backend = backend
            askTokenTextOnScreen()
            backend = state.backend ?? backend
            guard backend.restarting else { return }
            backend.restarting = false
            state.backend = backend
            say("backend restarted: \(model) on \(device)")
            resumeInterrupted()
            backend = state.backend ?? backend
        case let .roundTrip(seconds):
            backend.roundTrip = seconds
            backend.silentFor = nil
        case let .silent(seconds):
            backend.silentFor = seconds
        case let .down(reason):
            backend.down = reason
            backend.roundTrip = nil
            backend.textAsked = []  // died unanswered: asked again at the next hello
            // Stays on screen until something else is said: the user must see why.
            say(reason, error: true)
            state.noticeTicksLeft = .max
        case let .problem(text):
            say(text, error: true)
        case let .tokenText(text):
            state.backend = backend
            learnTokenText(text)
            backend = state.backend ?? backend
        }
    }

    /// `:backend restart`: a new child; jobs that died with the old one resume at its hello.
    mutating func restartBackend() {
        guard state.backend != nil else {
            return say("no backend: the model runs in this process (unmask tui --backend CMD drives one)", error: true)
        }
        state.backend?.restarting = true
        state.backend?.down = nil
        state.backend?.textAsked = []  // the old process's answers are ignored
        effects.append(.restartBackend)
        say("restarting the backend…")
    }

    /// Resamples every unfinished branch and the compare sample, asks for the cursor's
    /// predictions again, and restarts a running ELBO estimate.
    private mutating func resumeInterrupted() {
        for i in state.branches.indices where !state.branches[i].finished || state.branches[i].error != nil {
            resample(branchIndex: i)
        }
        if let b = state.compare, !b.finished || b.error != nil { sampleCompare(replacing: true) }
        state.predictions = state.predictions.filter { !$0.value.isEmpty }
        requestPredictions()
        // An estimate the dead backend failed is asked again (it once stayed "stopped").
        if state.elbo.running || state.elbo.failure != nil { startELBO() }
    }

    /// Opens a model folder, unless the workbench drives a backend (its engine door is the
    /// backend's, which cannot run a local model).
    mutating func openModel(path: String, addToCatalog: Bool) {
        guard state.backend == nil else {
            return say("the workbench drives a backend: start unmask without --backend to open local models", error: true)
        }
        effects.append(.loadModel(path: path, addToCatalog: addToCatalog))
    }
}
