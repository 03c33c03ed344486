import MaskedDiffusion

/// `:sweep [N]` and the engine's sweep messages: the held-out sweep of the ELBO tab. The configs
/// are chosen and validated here; the engine decodes and scores (`EngineWorker.sweep`).
extension WorkbenchReducer {
    /// `:sweep` (N = `SweepState.defaultItems`), `:sweep N`, `:sweep stop`, or `:sweep off`
    /// (stops it and hides its panel).
    mutating func sweepCommand(_ argument: String) {
        if argument == "off" {
            if state.sweep.running { ask(.cancel(.sweep)) }
            let request = state.sweep.request
            state.sweep = SweepState()
            state.sweep.request = request
            return
        }
        if argument == "stop" {
            guard state.sweep.running else { return say("no sweep is running", error: true) }
            ask(.cancel(.sweep))
            state.sweep.running = false
            return say("sweep stopped")
        }
        guard let items = argument.isEmpty ? SweepState.defaultItems : Int(argument), items >= 1 else {
            return say("usage: sweep [N] (N ≥ 1 held-out prompts per config), sweep stop, or sweep off", error: true)
        }
        guard state.backend == nil, state.model.loaded != nil else {
            return say("the sweep runs on the local engine, not a --backend", error: true)
        }
        guard let (source, problem, length) = sweepSource() else { return }
        var current = state.branch.config
        current.generationLength = length
        let all = SweepConfig.defaults(around: current)
        let valid = all.filter { state.model.problems(config: $0.config, problem: problem).isEmpty }
        state.sweep.request += 1
        state.sweep.configs = valid
        state.sweep.source = source
        state.sweep.progress = nil
        state.sweep.error = nil
        state.sweep.running = true
        state.tab = .elbo
        ask(.sweep(SweepRequest(request: state.sweep.request, configs: valid, items: items, source: source)))
        let skipped = all.count - valid.count
        let prompts = state.model.task.map { min(items, $0.testItems.count) } ?? items
        say(
            "sweep: \(valid.count) configs × \(prompts) prompts · s stops"
                + (skipped > 0 ? " · \(skipped) invalid at length \(length) left out" : ""))
    }

    /// What a sweep of the open model decodes: a task's test prompts at its completion length,
    /// or a text model's held-out windows split into a prompt and a continuation of the viewed
    /// branch's length (docs/methods.md §5.3). Nil, with the reason said, when there is none.
    private mutating func sweepSource() -> (SweepSource, SamplingProblem, length: Int)? {
        if let task = state.model.task {
            let prompt = task.example(for: task.testItems[0]).prompt
            return (.task, SamplingProblem(rows: 1, prompt: prompt), task.completionLength)
        }
        guard case .text = state.model.kind, let loaded = state.model.loaded else {
            say("a sweep needs a task or text model (6 Models)", error: true)
            return nil
        }
        guard case let .text(_, window)? = loaded.dataset else {
            say("\(state.model.name) records no training text to hold out", error: true)
            return nil
        }
        let length = state.branch.config.generationLength
        guard length < window else {
            say("length \(length) leaves no prompt in \(window)-token held-out windows", error: true)
            return nil
        }
        let prompt = [Int32](repeating: 0, count: window - length)
        return (.text(promptLength: prompt.count), SamplingProblem(rows: 1, prompt: prompt), length)
    }

    /// A sweep's progress or failure; those of a replaced sweep are dropped.
    mutating func applySweep(_ message: EngineMessage) {
        switch message {
        case let .sweep(progress):
            guard progress.request == state.sweep.request, state.sweep.running else { return }
            state.sweep.progress = progress
            if progress.finished { state.sweep.running = false }
        case let .sweepFailed(request, text):
            guard request == state.sweep.request else { return }
            state.sweep.running = false
            state.sweep.error = text
            say(text, error: true)
        default: break
        }
    }
}
