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
            themeNames: ["default"], runRoot: WorkbenchAppTests.runRoot)
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

    /// `:set steps 16` on EB-Sampler (which takes as many steps as its entropy bound needs) once
    /// answered "steps set to 16" and changed nothing; a knob the sampler ignores is refused.
    @Test func aKnobTheSamplerIgnoresIsRefusedByName() {
        var (state, _) = Self.started()
        _ = WorkbenchReducer.reduce(&state, .command("set strategy eb"))
        let steps = state.branch.config.steps
        let effects = WorkbenchReducer.reduce(&state, .command("set steps 4"))
        #expect(Self.samples(effects).isEmpty)
        #expect(state.noticeIsError && state.notice?.hasPrefix("steps is not used by eb (its knobs: strategy") == true)
        #expect(state.branch.config.steps == steps && steps != 4)
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

    /// At 80 columns the title drops the parameter count, not the sampler's settings (it once
    /// ended in "block o").
    @Test func aNarrowTitleKeepsTheSamplerWhole() {
        let (state, _) = Self.started()
        let narrow = draw(width: 80, height: 24) { WorkbenchView(state: state).render(into: &$0) }.lines[0]
        #expect(narrow.contains("· block off · T 0") && !narrow.contains("params"), "\(narrow)")
        let wide = draw(width: 200, height: 60) { WorkbenchView(state: state).render(into: &$0) }.lines[0]
        #expect(wide.contains("(1.06M params)") && wide.contains("· T 0"))
        // Where the whole title fits but not beside the NFE and time, the parameter count goes,
        // not the NFE (a long sampler line once hid it at 120 columns).
        let parts = wide.components(separatedBy: "NFE ")
        let full = parts[0].trimmingCharacters(in: .whitespaces), right = "NFE " + parts[1].trimmingCharacters(in: .whitespaces)
        let width = full.count + right.count + 3
        let between = draw(width: width, height: 24) { WorkbenchView(state: state).render(into: &$0) }.lines[0]
        #expect(between.contains(right) && !between.contains("params") && between.contains("· T 0"), "\(between)")
    }
}
