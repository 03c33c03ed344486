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
            return say("the sweep runs on the local engine: open a task model without --backend", error: true)
        }
        guard let task = state.model.task else {
            return say("a held-out sweep needs a task model (countdown, sudoku4): pick one on the Models tab", error: true)
        }
        var current = state.branch.config
        current.generationLength = task.completionLength
        let problem = SamplingProblem(rows: 1, prompt: task.example(for: task.testItems[0]).prompt)
        let all = SweepConfig.defaults(around: current)
        let valid = all.filter { state.model.problems(config: $0.config, problem: problem).isEmpty }
        state.sweep.request += 1
        state.sweep.configs = valid
        state.sweep.progress = nil
        state.sweep.error = nil
        state.sweep.running = true
        state.tab = .elbo
        ask(.sweep(SweepRequest(request: state.sweep.request, configs: valid, items: items)))
        let skipped = all.count - valid.count
        say(
            "sweep: \(valid.count) configs × \(min(items, task.testItems.count)) held-out prompts (:sweep stop ends it)"
                + (skipped > 0 ? "; \(skipped) not valid at length \(task.completionLength) left out" : ""))
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
