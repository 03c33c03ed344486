import MaskedDiffusion

/// `:load FILE`: the saved prompt and main settings are applied and main resampled; each saved
/// branch is forked again once its parent has finished sampling (`continueRestoring`, called on
/// every finished sample), with its own knobs, seed and pin.
extension WorkbenchReducer {
    /// A new branch of branch `parentIndex` after `k` of its steps, with `pin` written into
    /// its start; sampled at once. `view`: the timeline switches to it.
    @discardableResult
    mutating func fork(
        from parentIndex: Int, at k: Int, config: SamplerConfig, seed: UInt64, pin: (position: Int, token: Int32)?,
        name: String? = nil, view: Bool
    ) -> Branch {
        let parent = state.branches[parentIndex]
        var start =
            k == 0
            ? SamplingStart.fresh(state.problem, generationLength: parent.config.generationLength, maskId: state.model.maskId)
            : SamplingStart(branchingFrom: parent.steps[k - 1])
        if let pin { for row in start.tokens.indices { start.tokens[row][pin.position] = pin.token } }
        let id = (state.branches.map(\.id).max() ?? 0) + 1
        var branch = Branch(
            id: id, name: name ?? "b\(id)", config: config, seed: seed, forkStep: k, start: start,
            initialTokens: parent.initialTokens, inherited: Array(parent.steps.prefix(k)))
        branch.pinned = pin
        branch.parentID = parent.id
        state.branches.append(branch)
        if view { state.timeline.branchIndex = state.branches.count - 1 }
        resample(branchIndex: state.branches.count - 1)
        return branch
    }

    /// Applies a file read by the shell; a setting this model cannot run is refused naming its
    /// field, and nothing changes.
    mutating func restore(_ saved: SavedWorkbench, from path: String) {
        func refuse(_ field: String, _ reason: String) { say("\(path), field \(field): \(reason)", error: true) }
        guard requireWeights() else { return }
        // The weights name the model; a file saved before they were recorded has its name only.
        if let weights = saved.weights, let mine = state.model.weights {
            guard weights == mine else {
                return refuse(
                    "weights", "saved for other weights than '\(state.model.name)' holds (open them first: :model PATH)")
            }
        } else if saved.model != state.model.name {
            return refuse("model", "saved for '\(saved.model)', this is '\(state.model.name)' (open it first: :model PATH)")
        }
        guard saved.prompt >= 0 && saved.prompt < max(1, state.model.promptCount) else {
            return refuse("prompt", "item \(saved.prompt) of \(state.model.promptCount)")
        }
        guard let main = saved.branches.first, main.parent == nil, main.forkStep == 0, main.pin == nil else {
            return refuse("branches[0]", "the first branch must be main: no parent, fork_step 0, no pin")
        }
        let problem = state.model.problem(
            prompt: saved.prompt, text: saved.promptText, generationLength: main.config.generationLength, chat: saved.chat)
        let seqLen = problem.promptLength + main.config.generationLength
        for (i, b) in saved.branches.enumerated() {
            let problems = state.model.problems(config: b.config, problem: problem)
            if let first = problems.first { return refuse("branches[\(i)].config", first) }
            if i > 0, b.parent.map({ !(0..<i).contains($0) }) ?? true {
                return refuse("branches[\(i)].parent", "must be the index of an earlier branch")
            }
            if i > 0, b.config.generationLength != main.config.generationLength {
                return refuse("branches[\(i)].config.generation_length", "branches share main's length")
            }
            if b.forkStep < 0 { return refuse("branches[\(i)].fork_step", "must be ≥ 0") }
            if let pin = b.pin,
                !(problem.promptLength..<seqLen).contains(pin.position) || pin.token < 0
                    || pin.token >= state.model.maskId
            {
                return refuse("branches[\(i)].pin", "a generated position \(problem.promptLength)…\(seqLen - 1) and a token")
            }
        }
        if let first = state.model.problems(config: saved.compare, problem: problem).first {
            return refuse("compare", first)
        }
        for b in state.branches.dropFirst() { ask(.cancel(.sample(.branch(b.id)))) }
        state.prompt = saved.prompt
        state.promptText = saved.promptText
        state.chat = saved.chat
        state.config = main.config
        state.seed = main.seed
        state.compareConfig = saved.compare
        state.branches.removeSubrange(1...)
        startMain()
        state.restoring = RestoringBranches(
            file: path, branches: saved.branches, ids: [0] + Array(repeating: nil, count: saved.branches.count - 1))
        say("loaded \(path): main resampled, \(saved.branches.count - 1) branch(es) follow as their parents finish")
        continueRestoring()
    }

    /// Forks every waiting branch whose parent has finished; says so when all are back.
    mutating func continueRestoring() {
        guard var r = state.restoring else { return }
        for i in r.ids.indices where r.ids[i] == nil {
            let s = r.branches[i]
            guard let p = s.parent, let parentID = r.ids[p] else { continue }
            guard let parentIndex = state.branches.firstIndex(where: { $0.id == parentID }) else {
                r.ids[i] = -1
                r.skipped.append("\(s.name): its parent was deleted")
                continue
            }
            let parent = state.branches[parentIndex]
            guard parent.finished else { continue }
            guard s.forkStep <= parent.steps.count else {
                r.ids[i] = -1
                r.skipped.append("\(s.name): fork_step \(s.forkStep) is past its parent's \(parent.steps.count) steps")
                continue
            }
            r.ids[i] =
                fork(
                    from: parentIndex, at: s.forkStep, config: s.config, seed: s.seed,
                    pin: s.pin.map { ($0.position, $0.token) }, name: s.name, view: false
                ).id
        }
        guard r.ids.allSatisfy({ $0 != nil }) else {
            state.restoring = r
            return
        }
        state.restoring = nil
        let restored = r.ids.filter { $0 != -1 }.count - 1
        if r.skipped.isEmpty {
            say("restored \(restored) branch(es) from \(r.file)")
        } else {
            say("restored \(restored) branch(es) from \(r.file); not: " + r.skipped.joined(separator: "; "), error: true)
        }
    }
}
