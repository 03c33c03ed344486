import ESPO
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// Key → state → engine request, without threads or sleeps: the reducer is a function, so these
/// call it directly and inspect the requests it makes.
struct WorkbenchReducerTests {
    /// A fresh workbench on the Countdown demo after `.start` (its first sample requested).
    static func started() -> (WorkbenchState, [WorkbenchEffect]) {
        var state = WorkbenchState(
            model: WorkbenchAppTests.countdown, catalog: ModelCatalog(entries: []), theme: .default,
            themeNames: ["default"])
        _ = WorkbenchReducer.reduce(&state, .resize(Size(width: 120, height: 40)))
        let effects = WorkbenchReducer.reduce(&state, .start)
        return (state, effects)
    }

    static func samples(_ effects: [WorkbenchEffect]) -> [SamplingRequest] {
        effects.compactMap { if case let .engine(.sample(r, _)) = $0 { r } else { nil } }
    }

    static func press(_ state: inout WorkbenchState, _ keys: Key...) -> [WorkbenchEffect] {
        keys.flatMap { WorkbenchReducer.reduce(&state, .key($0)) }
    }

    static func select(_ knob: ScheduleKnob, in state: inout WorkbenchState) {
        state.selectedKnob = state.visibleKnobs.firstIndex(of: knob)!
    }

    @Test func startingAsksForTheMainSample() {
        let (state, effects) = Self.started()
        let requests = Self.samples(effects)
        #expect(requests.count == 1)
        #expect(requests.first?.config == state.branch.config)
        #expect(requests.first?.tag == RequestTag(lane: .branch(0), number: state.branch.request))
    }

    /// The crash: `j j j +` made the length 18 with an 11-token prompt on a 27-position
    /// model; the knob kept 18 and `Home` then trapped in the predictions. Now the change is
    /// refused with the reason, nothing is sampled, and the state stays valid.
    @Test func aLengthPastTheModelIsRefusedWithTheReason() {
        var (state, _) = Self.started()
        let length = state.branch.config.generationLength
        Self.select(.length, in: &state)
        let effects = Self.press(&state, .char("+"))
        #expect(state.branch.config.generationLength == length)
        #expect(Self.samples(effects).isEmpty)
        #expect(state.noticeIsError)
        #expect(state.notice?.contains("exceeds the model's 27 positions") == true)
        _ = Self.press(&state, .home, .char("l"), .end)
        #expect(state.model.problems(config: state.branch.config, problem: state.problem).isEmpty)

        let typed = WorkbenchReducer.reduce(&state, .command("set length 100"))
        #expect(Self.samples(typed).isEmpty)
        #expect(state.branch.config.generationLength == length)
    }

    @Test func stepsStopAtTheLengthAndSayWhy() {
        var (state, _) = Self.started()
        Self.select(.steps, in: &state)
        let steps = state.branch.config.steps
        #expect(steps == state.branch.config.generationLength)
        let effects = Self.press(&state, .char("+"))
        #expect(Self.samples(effects).isEmpty)
        #expect(state.branch.config.steps == steps)
        #expect(state.notice?.contains("must be ≤ generation_length") == true)
    }

    /// One knob notch resamples the viewed branch once, with the same seed and the new value.
    @Test func aKnobNotchAsksForOneResampleWithTheSameSeed() {
        var (state, _) = Self.started()
        Self.select(.temperature, in: &state)
        let effects = Self.press(&state, .char("+"))
        let requests = Self.samples(effects)
        #expect(requests.count == 1)
        #expect(requests.first?.config.temperature == 0.1)
        #expect(requests.first?.seed == 0)
        #expect(state.branch.config.temperature == 0.1)
    }

    /// Steps and lengths step along one ladder, so up then down returns (14 → 15 → 14 was
    /// 14 → 15, but 16 → 14 on the way down).
    @Test func integerKnobsStepSymmetrically() {
        var seed: UInt64 = 0
        for start in [1, 7, 8, 14, 16, 100, 128, 4000] {
            var c = SamplerConfig()
            c.steps = start
            ScheduleKnob.steps.adjust(&c, seed: &seed, by: 1)
            let up = c.steps
            ScheduleKnob.steps.adjust(&c, seed: &seed, by: -1)
            let back = c.steps
            ScheduleKnob.steps.adjust(&c, seed: &seed, by: 1)
            #expect(up > start || start >= ScheduleKnob.maximumCount)
            #expect(back <= start && c.steps == up, "\(start) → \(up) → \(back) → \(c.steps)")
        }
    }

    /// A cursor on a masked position asks for its predictions once; the answer is keyed by the
    /// viewed state, and an answer for a superseded sample is dropped.
    @Test func theCursorOnAMaskAsksForPredictionsOnce() {
        var (state, _) = Self.started()
        let first = Self.press(&state, .char("l"))
        let asked = first.compactMap { if case let .engine(.predict(tag, tokens, k)) = $0 { (tag, tokens, k) } else { nil } }
        #expect(asked.count == 1)
        #expect(asked.first?.2 == 5)
        let again = Self.press(&state, .char("h"), .char("l"))
        #expect(!again.contains { if case .engine(.predict) = $0 { true } else { false } })

        let tag = asked[0].0
        var stale = tag
        stale.request -= 1
        _ = WorkbenchReducer.reduce(&state, .engine(.predictions(stale, [[Candidate(token: 1, probability: 0.5)]])))
        #expect(state.predictions[stale] == nil)
    }

    @Test func elboAndTrainingAreRequestsToo() {
        var (state, _) = Self.started()
        let elbo = WorkbenchReducer.reduce(&state, .action(.elboTarget)) + WorkbenchReducer.reduce(&state, .action(.runELBO))
        #expect(elbo.contains { if case .engine(.estimateELBO(let r)) = $0 { r.target == .heldOut(limit: 64) } else { false } })
        let stop = WorkbenchReducer.reduce(&state, .action(.runELBO))
        #expect(stop.contains { if case .engine(.cancel(.elbo)) = $0 { true } else { false } })
        let train = WorkbenchReducer.reduce(&state, .action(.trainStartPause))
        #expect(train.contains { if case .engine(.startTraining) = $0 { true } else { false } })
    }
}

/// Branches, pins and the status bar, on a main trajectory sampled in the test itself (the
/// engine's messages are fed to the reducer by hand: still no threads).
struct WorkbenchBranchReducerTests {
    /// Runs the first sample request of `effects` synchronously and reduces its messages.
    static func complete(_ state: inout WorkbenchState, _ effects: [WorkbenchEffect]) throws {
        for request in WorkbenchReducerTests.samples(effects) {
            let loaded = try #require(state.model.loaded)
            let network = loaded.network(rows: request.problem.rows, threads: 1)
            let sampler = try makeSampler(
                model: network, config: request.config, problem: request.problem,
                seed: request.seed, start: request.start)
            var steps: [TrajectoryStep] = []
            while let step = sampler.step() { steps.append(step) }
            _ = WorkbenchReducer.reduce(&state, .engine(.samplingSteps(request.tag, steps, sampler.statistics)))
            _ = WorkbenchReducer.reduce(
                &state,
                .engine(
                    .samplingFinished(
                        request.tag, sampler.statistics, seconds: 0.1,
                        outcome: nil)))
        }
    }

    static func sampled() throws -> WorkbenchState {
        var (state, effects) = WorkbenchReducerTests.started()
        try complete(&state, effects)
        return state
    }

    /// A position committed at step `step` of main (greedy, so its token is the top candidate).
    static func committed(in state: WorkbenchState, at step: Int) -> Int {
        state.branches[0].steps[step - 1].rows[0].commits[0].position
    }

    /// `p` once pinned the top candidate, which greedy decoding had sampled anyway, and every
    /// press made the same branch. Now each press pins the next candidate not yet tried.
    @Test func eachPinTakesTheNextCandidate() throws {
        var state = try Self.sampled()
        let p = Self.committed(in: state, at: 6)
        state.timeline.step = 6
        state.timeline.cursor = p
        let candidates = state.cursorCandidates().map(\.token)
        #expect(candidates.count == 5)
        let sampled = state.branches[0].tokens(row: 0, at: 16)[p]
        #expect(candidates[0] == sampled)
        var pins: [Int32] = []
        for _ in 0..<3 {
            state.timeline.branchIndex = 0
            state.timeline.step = 6
            _ = WorkbenchReducer.reduce(&state, .key(.char("p")))
            pins.append(try #require(state.branch.pinned?.token))
        }
        #expect(pins == Array(candidates[1...3]))
        #expect(state.branches.count == 4)
        // :pin N picks directly, even the one main sampled.
        state.timeline.branchIndex = 0
        _ = WorkbenchReducer.reduce(&state, .command("pin 1"))
        #expect(state.branch.pinned?.token == candidates[0])
    }

    /// Editing a knob on main once deleted every branch silently. Now only a new length (which
    /// changes the problem) removes them, and says so; `x` deletes the viewed branch.
    @Test func knobEditsKeepBranchesAndXDeletesOne() throws {
        var state = try Self.sampled()
        state.timeline.step = 4
        _ = WorkbenchReducer.reduce(&state, .key(.char("b")))
        _ = WorkbenchReducer.reduce(&state, .key(.char("b")))
        #expect(state.branches.map(\.name) == ["main", "b1", "b2"])
        state.timeline.branchIndex = 0
        WorkbenchReducerTests.select(.temperature, in: &state)
        let effects = WorkbenchReducer.reduce(&state, .key(.char("+")))
        #expect(WorkbenchReducerTests.samples(effects).map(\.tag.lane) == [.branch(0)])
        #expect(state.branches.count == 3)

        state.timeline.branchIndex = 2
        let deleted = WorkbenchReducer.reduce(&state, .key(.char("x")))
        #expect(state.branches.map(\.name) == ["main", "b1"])
        #expect(deleted.contains { if case .engine(.cancel(.sample(.branch(2)))) = $0 { true } else { false } })
        #expect(state.notice == "deleted b2")
        state.timeline.branchIndex = 0
        _ = WorkbenchReducer.reduce(&state, .key(.char("x")))
        #expect(state.branches.count == 2 && state.noticeIsError)

        WorkbenchReducerTests.select(.length, in: &state)
        _ = WorkbenchReducer.reduce(&state, .key(.char("-")))
        #expect(state.branches.count == 1)
        #expect(state.notice == "1 branch removed: they forked from another prompt or length")
    }

    /// `m` once relabelled the estimator but kept the previous estimator's numbers.
    @Test func anotherEstimatorClearsTheOldEstimate() throws {
        var state = try Self.sampled()
        state.elbo.progress = ELBOProgress(
            request: 1, estimator: state.elbo.estimator, mean: RunningMean(), tokens: 5,
            networkRows: 0, seconds: 0, finished: true, history: [])
        _ = WorkbenchReducer.reduce(&state, .key(.char("m")))
        #expect(state.elbo.progress == nil)
    }

    /// Status messages expire: 8 s at 30 ticks a second.
    @Test func noticesExpire() throws {
        var state = try Self.sampled()
        _ = WorkbenchReducer.reduce(&state, .key(.char("x")))  // an error: main cannot be deleted
        #expect(state.notice != nil)
        for _ in 0..<449 { _ = WorkbenchReducer.reduce(&state, .tick) }
        #expect(state.notice != nil)
        _ = WorkbenchReducer.reduce(&state, .tick)
        #expect(state.notice == nil)
    }

    /// Each tab's hint bar offers that tab's keys (it once showed the Tokens tab's everywhere).
    @Test func hintsFollowTheTab() {
        let train = WorkbenchKeys.map.hints(for: WorkbenchKeys.hints(for: .train)).map(\.help)
        #expect(train.contains("train: start / pause") && !train.contains("branch here"))
        let elbo = WorkbenchKeys.map.hints(for: WorkbenchKeys.hints(for: .elbo)).map(\.help)
        #expect(elbo.contains("ELBO estimator") && elbo.contains("ELBO on sample / held-out set"))
        for tab in WorkbenchTab.allCases {
            #expect(WorkbenchKeys.map.hints(for: WorkbenchKeys.hints(for: tab)).count == WorkbenchKeys.hints(for: tab).count)
        }
    }
}

/// The Train tab shows the run that really trains: its settings, round and whole history.
struct TrainingReducerTests {
    static func record(_ step: Int) -> MetricsRecord {
        MetricsRecord(step: step, wallTime: Double(step), values: [("reward", 0.5)])
    }

    /// Paused espo/k2, switched to d1 on screen, resumed: the run continues as espo, and the
    /// panel once kept showing d1/k3 with the curves cut at the resume step.
    @Test func aResumedRunShowsItsOwnSettingsAndHistory() {
        var (state, _) = WorkbenchReducerTests.started()
        var running = state.training.config
        running.objective = .espo
        state.training.config.objective = .d1
        _ = WorkbenchReducer.reduce(
            &state,
            .engine(
                .training(
                    .started(
                        path: "runs/x", config: running, round: 6,
                        history: (1...12).map(Self.record)))))
        #expect(state.training.config == running)
        #expect(state.training.records.count == 12 && state.training.round == 6)
        #expect(state.notice?.contains("with its own settings (espo)") == true)
    }

    @Test func runCommandInspectsTheFolderAndShowsWhatItHolds() {
        var (state, _) = WorkbenchReducerTests.started()
        let effects = WorkbenchReducer.reduce(&state, .command("run runs/other"))
        #expect(effects.contains { if case .inspectRun("runs/other") = $0 { true } else { false } })
        var config = state.training.config
        config.objective = .wd1
        _ = WorkbenchReducer.reduce(&state, .runInspected(RunPeek(config: config, round: 9, history: (1...18).map(Self.record))))
        #expect(state.training.status == "paused at round 9 · t resumes")
        #expect(state.training.config.objective == .wd1 && state.training.records.count == 18)
        _ = WorkbenchReducer.reduce(&state, .runInspected(nil))
        #expect(state.training.status == "new run in runs/other" && state.training.records.isEmpty)
    }
}

/// `:prompt` on a task model: a number picks a held-out item, text is the user's own prompt
/// (README's `:prompt 25 3 7=46` was once refused).
struct TaskPromptReducerTests {
    @Test func typedPromptsSampleUnscoredAndNumbersGoBackToItems() throws {
        var (state, _) = WorkbenchReducerTests.started()
        let task = try #require(state.model.task)
        let typed = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt 25 3 7=46")))
        #expect(typed.count == 1)
        #expect(typed.first?.problem.prompts[0] == (try task.prompt(typed: "25 3 7=46")))
        #expect(typed.first?.item == nil, "a typed prompt has no answer to score against")
        #expect(state.promptLine == "25 3 7=46")

        let long = WorkbenchReducer.reduce(&state, .command("prompt 25 3 7 8 9 10 11 12 13=46"))
        #expect(WorkbenchReducerTests.samples(long).isEmpty && state.noticeIsError)

        let item = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt 3")))
        #expect(item.first?.item == task.testItems[3])
        #expect(item.first?.problem.prompts[0] == task.example(for: task.testItems[3]).prompt)
    }
}

/// Keys that do nothing visible on an image model say so (they once gave no feedback).
struct ImageFeedbackReducerTests {
    @Test func colourModeAndPromptExplainThemselvesOnImages() {
        var state = WorkbenchState(
            model: WorkbenchAppTests.glyphs, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"])
        state.tab = .image
        _ = WorkbenchReducer.reduce(&state, .start)
        _ = WorkbenchReducer.reduce(&state, .key(.char("c")))
        #expect(state.notice?.contains("applies to token trajectories") == true)
        let effects = WorkbenchReducer.reduce(&state, .command("prompt 9"))
        #expect(WorkbenchReducerTests.samples(effects).isEmpty)
        #expect(state.noticeIsError && state.notice?.contains("one row per class") == true)
    }
}
