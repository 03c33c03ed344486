import MaskedDiffusion

/// Sampling requests: the main trajectory, branches, the compare config, predictions at the cursor.
extension WorkbenchReducer {
    /// A fresh main trajectory for the current prompt, config and seed. Branches are dropped
    /// (they forked from another prompt or length), and the status bar says so.
    mutating func startMain() {
        guard requireWeights() else { return }
        // A replay keeps the recorded prompt; resampling it is how a recording is explored.
        let problem = mainProblem(generationLength: state.config.generationLength)
        guard accepts(state.config, problem: problem) else { return }
        let dropped = state.branches.count - 1
        state.problem = problem
        let initial = state.problem.initialTokens(generationLength: state.config.generationLength, maskId: state.model.maskId)
        state.branches = [Branch(id: 0, name: "main", config: state.config, seed: state.seed, initialTokens: initial)]
        if dropped > 0 { say("\(dropped) branch\(dropped == 1 ? "" : "es") removed: they forked from another prompt or length") }
        state.timeline.branchIndex = 0
        state.timeline.step = 0
        state.timeline.followLive = true
        state.timeline.row = min(state.timeline.row, state.problem.rows - 1)
        state.timeline.cursor = state.problem.promptLength
        state.predictions = [:]
        resample(branchIndex: 0)
        if state.compare != nil { sampleCompare(replacing: false) }
    }

    /// Re-runs branch `index` from its own start with its config (cancelling any running job).
    /// A config the model cannot run leaves the branch as it is, saying why: a replayed file's
    /// EOS ids outside the model once emptied the recorded trajectory on `r`.
    mutating func resample(branchIndex index: Int) {
        guard requireWeights() else { return }
        guard accepts(state.branches[index].config, problem: state.problem) else {
            // An unfinished one (a branch a restarted backend cannot resume) says why rather
            // than "sampling…" forever.
            if !state.branches[index].finished {
                state.branches[index].error =
                    state.model.problems(config: state.branches[index].config, problem: state.problem).first
                state.branches[index].finished = true
            }
            return
        }
        // A replay's main branch is the recording only with the recording's settings (a knob
        // edit once left the resampled branch titled "recorded").
        if index == 0, let recorded = state.recorded {
            let b = state.branches[0]
            state.branches[0].name = b.config == recorded.sampler && b.seed == recorded.seed ? "recorded" : "main"
        }
        let request = state.nextRequest
        state.nextRequest += 1
        state.branches[index].reset(request: request)
        let b = state.branches[index]
        state.predictions = state.predictions.filter { $0.key.branchID != b.id }
        if state.timeline.branchIndex == index {
            state.timeline.step = min(state.timeline.step, b.steps.count)
            state.timeline.followLive = true
        }
        ask(
            .sample(
                SamplingRequest(
                    tag: RequestTag(lane: .branch(b.id), number: request), config: b.config,
                    problem: state.problem, seed: b.seed, start: b.start, item: state.taskItem),
                queued: false))
    }

    /// The problem the main trajectory samples: the recorded one in a replay, else the prompt's.
    func mainProblem(generationLength: Int) -> SamplingProblem {
        state.recorded?.problem
            ?? state.model.problem(
                prompt: state.prompt, text: state.promptText,
                generationLength: generationLength, chat: state.chat)
    }

    /// Whether `config` can sample `problem`; if not, the first reason goes to the status bar.
    mutating func accepts(_ config: SamplerConfig, problem: SamplingProblem) -> Bool {
        guard let reason = state.model.problems(config: config, problem: problem).first else { return true }
        say("not applied: \(reason)", error: true)
        return false
    }

    mutating func resampleCurrent() {
        if state.tab == .compare { sampleCompare(replacing: true) } else { resample(branchIndex: state.timeline.branchIndex) }
    }

    /// Applies a change to the edited config and seed, then resamples what it feeds: the
    /// compare pane's config on the Compare tab, else the viewed branch (main restarts from
    /// scratch with the same seed; a branch reruns from its fork).
    ///
    /// A change that would make the sampler's settings invalid is not applied: the knob stays
    /// where it was and the status bar says why.
    mutating func retune(_ change: (inout SamplerConfig, inout UInt64) -> Void) {
        guard requireWeights() else { return }
        if state.tab == .compare {
            var seed = state.seed, config = state.compareConfig
            change(&config, &seed)
            guard accepts(config, problem: state.problem) else { return }
            state.compareConfig = config
            if seed != state.seed {
                // A and B share the seed: a new one resamples both.
                state.seed = seed
                resample(branchIndex: 0)
            }
            sampleCompare(replacing: true)
            return
        }
        let i = state.timeline.branchIndex
        var config = state.branches[i].config, seed = state.branches[i].seed
        change(&config, &seed)
        if i > 0, config.generationLength != state.branches[i].config.generationLength {
            say("a branch keeps its parent's length; change it on main (B until 'main')", error: true)
            return
        }
        guard accepts(config, problem: i == 0 ? mainProblem(generationLength: config.generationLength) : state.problem)
        else { return }
        if i == 0 {
            // Only a new length changes the problem; any other edit resamples main and keeps
            // the branches (each has its own settings and prefix).
            let restart = config.generationLength != state.config.generationLength
            let reseeded = seed != state.seed
            state.config = config
            state.seed = seed
            if restart {
                let keep = state.timeline.cursor
                startMain()
                state.timeline.cursor = min(keep, state.problem.promptLength + config.generationLength - 1)
            } else {
                resample(branchIndex: 0)
                if reseeded, state.compare != nil { sampleCompare(replacing: true) }
            }
        } else {
            state.branches[i].config = config
            state.branches[i].seed = seed
            resample(branchIndex: i)
        }
    }

    /// A new branch at the viewed step with the viewed branch's config, optionally with the
    /// cursor's token replaced; it becomes the viewed branch.
    mutating func branchHere(pin: Int32?) {
        guard requireWeights() else { return }
        let parent = state.branch
        // A branch the model cannot sample is not made (it once waited on "sampling…" forever).
        guard accepts(parent.config, problem: state.problem) else { return }
        let k = min(state.timeline.step, parent.steps.count)
        // At the end of a finished trajectory nothing is left to sample: a pin there once made a
        // branch that showed, exported and scored the parent's token instead.
        if pin != nil, parent.finished, k == parent.steps.count {
            return say(
                "step \(k) ends \(parent.name): nothing is left to resample after a pin there; "
                    + "pin at an earlier step (←)", error: true)
        }
        let branch = fork(
            from: state.timeline.branchIndex, at: k, config: parent.config, seed: parent.seed,
            pin: pin.map { (state.timeline.cursor, $0) }, view: true)
        say(
            "branch \(branch.name) from step \(k)"
                + (pin.map { " with '\(state.model.label($0))' pinned at \(state.timeline.cursor)" } ?? ""))
    }

    /// Pins the next most likely candidate at the cursor in a new branch: each press takes the
    /// next one, skipping the token this branch sampled there and those already pinned at this
    /// step and position by its other branches.
    mutating func pinNextCandidate() {
        let candidates = state.cursorCandidates()
        guard !candidates.isEmpty else { return say(state.noCandidatesReason, error: true) }
        let b = state.branch, step = min(state.timeline.step, b.steps.count), p = state.timeline.cursor
        let sampled = b.tokens(row: state.timeline.row, at: b.steps.count)[p]
        let pinned = state.branches.filter { $0.parentID == b.id && $0.forkStep == step && $0.pinned?.position == p }
            .compactMap { $0.pinned?.token }
        guard let next = candidates.first(where: { $0.token != sampled && !pinned.contains($0.token) }) else {
            return say("every candidate at @\(p) is sampled or pinned already (:pin N repeats one)", error: true)
        }
        branchHere(pin: next.token)
    }

    /// `:pin N`: pins the cursor's N-th candidate (1 = most likely) in a new branch.
    mutating func pinCandidate(_ n: Int) {
        let candidates = state.cursorCandidates()
        guard n >= 1, n <= candidates.count else {
            return say(
                candidates.isEmpty ? state.noCandidatesReason : "pin: a candidate number 1…\(candidates.count)", error: true)
        }
        branchHere(pin: candidates[n - 1].token)
    }

    /// `x`: deletes the viewed branch (main stays) and cancels its sampling.
    mutating func deleteBranch() {
        let i = state.timeline.branchIndex
        guard i > 0 else { return say("main is the trajectory itself: it cannot be deleted", error: true) }
        let b = state.branches.remove(at: i)
        ask(.cancel(.sample(.branch(b.id))))
        state.predictions = state.predictions.filter { $0.key.branchID != b.id }
        state.timeline.branchIndex = i - 1
        state.timeline.step = min(state.timeline.step, state.branch.steps.count)
        say("deleted \(b.name)")
    }

    /// Asks the engine for predictions at the viewed state when the cursor sits on a masked
    /// position whose candidates are not known yet.
    mutating func requestPredictions() {
        guard state.tab == .tokens || state.tab == .compare, state.model.canSample else { return }
        let b = state.branch, step = min(state.timeline.step, b.steps.count), row = state.timeline.row
        let key = PredictionTag(branchID: b.id, request: b.request, step: step, row: row)
        let tokens = b.tokens(row: row, at: step)
        let cursor = state.timeline.cursor
        guard cursor >= state.problem.promptLength, cursor < tokens.count, tokens[cursor] == state.model.maskId,
            state.predictions[key] == nil
        else { return }
        state.predictions[key] = []  // requested
        ask(.predict(key, tokens: tokens, k: 5))
    }

    /// Samples the compare pane's config on the same prompt and seed as main.
    mutating func sampleCompare(replacing: Bool) {
        guard requireWeights() else { return }
        let request = state.nextRequest
        state.nextRequest += 1
        var b = Branch(
            id: -1, name: "B", config: state.compareConfig, seed: state.seed,
            initialTokens: state.problem.initialTokens(
                generationLength: state.compareConfig.generationLength,
                maskId: state.model.maskId))
        b.request = request
        state.compare = b
        let job = SamplingRequest(
            tag: RequestTag(lane: .compare, number: request), config: b.config,
            problem: state.problem, seed: state.seed, start: nil, item: state.taskItem)
        ask(.sample(job, queued: !replacing))
    }

    mutating func changePrompt(by delta: Int) {
        guard state.model.promptCount > 1 else {
            say("type a prompt with  :prompt TEXT", error: false)
            return
        }
        state.prompt = (state.prompt + delta + state.model.promptCount) % state.model.promptCount
        state.promptText = ""  // back to the held-out items
        startMain()
    }

    mutating func moveStep(by delta: Int) { moveStep(to: state.timeline.step + delta) }

    mutating func moveStep(to step: Int) {
        state.timeline.step = max(0, min(step, state.branch.steps.count))
        state.timeline.followLive = false
        state.timeline.playing = false
        requestPredictions()
    }

    mutating func moveCursor(by delta: Int) {
        let length = state.branch.initialTokens.first?.count ?? 0
        state.timeline.cursor = max(state.problem.promptLength, min(length - 1, state.timeline.cursor + delta))
        requestPredictions()
    }

    /// False (with the reason in the status bar) for a recorded trajectory without weights.
    mutating func requireWeights() -> Bool {
        guard !state.model.canSample else { return true }
        say(WorkbenchModel.noWeights, error: true)
        return false
    }
}
