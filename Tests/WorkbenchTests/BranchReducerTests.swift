import ESPO
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// Branches, pins and the status bar, on a main trajectory sampled in the test itself (the
/// engine's messages are fed to the reducer by hand: still no threads).
struct WorkbenchBranchReducerTests {
    /// Runs the first sample request of `effects` synchronously and reduces its messages.
    static func complete(_ state: inout WorkbenchState, _ effects: [WorkbenchEffect]) throws {
        for request in WorkbenchReducerTests.samples(effects) {
            let loaded = try #require(state.model.loaded)
            // As the engine sizes it (SamplingJob): a guided row runs with its unconditional twin.
            let rows = request.problem.rows * (request.config.usesGuidance ? 2 : 1)
            let network = try loaded.network(rows: rows, threads: 1)
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

    /// A branch sampled from a pin (`p`) over the position main committed at step 6, viewed there.
    static func pinnedOverACommit() throws -> (state: WorkbenchState, pin: (position: Int, token: Int32)) {
        var state = try sampled()
        state.timeline.step = 6
        state.timeline.cursor = committed(in: state, at: 6)
        try complete(&state, WorkbenchReducer.reduce(&state, .key(.char("p"))))
        return (state, try #require(state.branch.pinned))
    }

    /// After a pin over a position the parent had committed by the fork, the cursor panel showed
    /// the parent's candidates for the pinned token; it says the position is pinned.
    @Test func aPinOverACommittedPositionShowsThePinNotTheParentsCandidates() throws {
        var (state, pin) = try Self.pinnedOverACommit()
        let p = pin.position
        #expect(state.branch.forkStep == 6)
        state.timeline.step = state.branch.steps.count
        #expect(state.branch.tokens(row: 0, at: state.timeline.step)[p] == pin.token)
        #expect(state.cursorCommit() == nil && state.cursorCandidates().isEmpty)
        let screen = draw(width: 120, height: 40) { WorkbenchView(state: state).render(into: &$0) }.lines.joined(separator: "\n")
        #expect(screen.contains("pinned here by you: '\(state.model.label(pin.token))'"), "\(screen)")
        _ = WorkbenchReducer.reduce(&state, .key(.char("p")))
        #expect(state.notice?.hasPrefix("@\(p) is pinned in this branch") == true, "\(state.notice ?? "")")
    }

    /// The step × position map once drew a pinned position masked to the end, then masked
    /// before the fork where the parent had committed it; it marks the parent's commit at its
    /// step and the pin at the branch's first step, and the side pane says so.
    @Test func theMapMarksThePinAtTheBranchsFirstStep() throws {
        let (state, pin) = try Self.pinnedOverACommit()
        let p = pin.position
        let map = StepPositionMap.make(
            branch: state.branch, row: 0, step: state.branch.steps.count, model: state.model,
            promptLength: state.problem.promptLength, cursor: p)
        let column = try #require(map.cursorColumn)
        #expect(column.pinned && column.step == 7 && column.confidence == nil)
        #expect(map.cursorLabel == state.model.label(pin.token))
        #expect(
            CursorBeliefPane(map: map, theme: .default).summaries[0] == "@\(p) pinned '\(map.cursorLabel!)' by you, from step 7")
        let drawn = draw(width: 60, height: 30) {
            StepPositionMapPane(map: map, theme: .default).render(in: $0.area, buffer: &$0)
        }
        func line(_ step: Character) throws -> [Character] {
            Array(try #require(drawn.lines.first { $0.dropFirst().drop { $0 == " " }.first == step }))
        }
        let x = try #require(try line("7").firstIndex(of: Character(StepPositionMapPane.pinGlyph)), "\(drawn.lines)")
        // The parent's commit at step 6, which the pin wrote over, stays drawn at its step.
        #expect(column.overwritten?.step == 6)
        #expect(Symbols.shades[1...].map(Character.init).contains(try line("6")[x]), "\(drawn.lines.joined(separator: "\n"))")
        #expect(try line("5")[x] == "·" && line("8")[x] == " ")
    }

    /// Under `candidates 0` a sampled position keeps no candidates: the cursor panel once called
    /// its token "given, not sampled" and `p` said to move to a generated position. Both now say
    /// it was sampled and that no candidates were kept.
    @Test func aSampledPositionWithoutCandidatesIsCalledSampled() throws {
        var (state, _) = WorkbenchReducerTests.started()
        try Self.complete(&state, WorkbenchReducer.reduce(&state, .command("set candidates 0")))
        let p = Self.committed(in: state, at: 6)
        state.timeline.step = 16
        state.timeline.cursor = p
        #expect(state.cursorCandidates().isEmpty)
        #expect(state.cursorCommit()?.step == 6)
        let screen = draw(width: 120, height: 40) { WorkbenchView(state: state).render(into: &$0) }.lines.joined(separator: "\n")
        #expect(screen.contains("sampled at step 6: "), "\(screen)")
        #expect(!screen.contains("given, not sampled"))
        _ = WorkbenchReducer.reduce(&state, .key(.char("p")))
        #expect(state.notice == "@\(p) was sampled, but no candidates kept (candidates 0); :set candidates 5 resamples with them")
        #expect(state.branches.count == 1)
        // A prompt position is still given.
        state.timeline.cursor = 0
        let prompt = draw(width: 120, height: 40) { WorkbenchView(state: state).render(into: &$0) }.lines.joined(separator: "\n")
        #expect(prompt.contains("given, not sampled"))
    }

    /// A pin at the last step of a finished trajectory once made a branch that showed, exported
    /// and scored the parent's token (nothing was left to sample); it is refused with the reason.
    @Test func aPinAtTheEndIsRefused() throws {
        var state = try Self.sampled()
        state.timeline.step = state.branches[0].steps.count
        state.timeline.cursor = Self.committed(in: state, at: 6)
        _ = WorkbenchReducer.reduce(&state, .key(.char("p")))
        #expect(state.branches.count == 1)
        #expect(state.noticeIsError && state.notice?.contains("nothing is left to resample") == true, "\(state.notice ?? "")")
        state.timeline.step -= 1  // one step earlier the pin branches as before
        _ = WorkbenchReducer.reduce(&state, .key(.char("p")))
        #expect(state.branches.count == 2 && state.branch.pinned != nil)
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
