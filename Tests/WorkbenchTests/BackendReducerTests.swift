import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The workbench on a backend's model, reducer only: what it asks, and how the backend's news
/// (round trips, silence, death, restart) reach the title and status bars.
struct BackendReducerTests {
    static func started() -> (WorkbenchState, [WorkbenchEffect]) {
        var state = WorkbenchState(
            model: WorkbenchModel(backend: BackendCodecTests.hello()), catalog: ModelCatalog(entries: []), theme: .default,
            themeNames: ["default"], runRoot: WorkbenchAppTests.runRoot)
        state.backend = BackendState(location: "ssh gpu1", device: "cuda:0")
        _ = WorkbenchReducer.reduce(&state, .resize(Size(width: 120, height: 40)))
        let effects = WorkbenchReducer.reduce(&state, .start)
        return (state, effects)
    }

    static func screen(_ state: WorkbenchState) -> [String] {
        draw(width: 120, height: 40) { WorkbenchView(state: state).render(into: &$0) }.lines
    }

    @Test func theFirstSampleUsesTheHellosPromptAndSettings() {
        let (state, effects) = Self.started()
        let requests = WorkbenchReducerTests.samples(effects)
        #expect(requests.count == 1, "\(state.notice ?? "")")
        #expect(requests.first?.problem.prompts == [[0, 1]])
        #expect(requests.first?.config.generationLength == 6)
        #expect(state.branch.initialTokens == [[0, 1, 4, 4, 4, 4, 4, 4]])
    }

    @Test func theTitleSaysWhereTheModelRunsAndTheRoundTrip() {
        var (state, _) = Self.started()
        #expect(Self.screen(state)[0].contains("Unmask · tiny (cuda:0 via ssh gpu1 · …)"))
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.roundTrip(0.0123))))
        #expect(Self.screen(state)[0].contains("(cuda:0 via ssh gpu1 · 12 ms)"))
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.silent(12.4))))
        #expect(Self.screen(state)[38].hasSuffix("backend silent 12 s"))
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.roundTrip(0.002))))
        #expect(Self.screen(state)[38].hasSuffix("ready"))
    }

    /// A dead backend: its reason stays in the status bar, the sample fails, nothing crashes;
    /// `:backend restart` asks the shell and the next hello resumes the failed sample.
    @Test func aDeadBackendIsReportedAndARestartResumes() {
        var (state, _) = Self.started()
        let tag = RequestTag(lane: .branch(0), number: state.branch.request)
        let reason = "backend exited with status 1 · stderr: CUDA out of memory"
        _ = WorkbenchReducer.reduce(&state, .engine(.samplingFailed(tag, reason)))
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.down(reason))))
        for _ in 0..<1000 { _ = WorkbenchReducer.reduce(&state, .tick) }
        let screen = Self.screen(state)
        #expect(screen[0].contains("via ssh gpu1 · down"))
        #expect(screen[38].hasPrefix("backend exited with status 1 · stderr: CUDA out of memory"))
        #expect(screen[38].hasSuffix("backend down · :backend restart"))

        let restart = WorkbenchReducer.reduce(&state, .command("backend restart"))
        #expect(restart.contains { if case .restartBackend = $0 { true } else { false } })
        #expect(state.backend?.restarting == true && state.backend?.down == nil)
        let resumed = WorkbenchReducer.reduce(&state, .engine(.backend(.ready(model: "tiny", device: "cuda:1"))))
        let again = WorkbenchReducerTests.samples(resumed)
        #expect(again.count == 1 && again.first?.tag.lane == .branch(0) && again.first?.tag.number != tag.number)
        #expect(state.backend?.device == "cuda:1" && state.backend?.restarting == false)
        #expect(state.notice == "backend restarted: tiny on cuda:1")

        // A hello that is not after a restart (the first one) resamples nothing.
        #expect(
            WorkbenchReducerTests.samples(
                WorkbenchReducer.reduce(&state, .engine(.backend(.ready(model: "tiny", device: "cuda:1"))))
            ).isEmpty)
    }

    /// An ELBO estimate the dead backend failed once read "stopped" and stayed so after the
    /// restart; it says it failed, and the restart asks it again (docs/backend-protocol.md §7).
    @Test func aRestartAsksAFailedEstimateAgain() {
        var (state, _) = Self.started()
        state.elbo.heldOut = true
        _ = WorkbenchReducer.reduce(&state, .key(.char("4")))
        _ = WorkbenchReducer.reduce(&state, .action(.runELBO))
        #expect(state.elbo.running)
        let reason = "backend exited with status 137"
        _ = WorkbenchReducer.reduce(&state, .engine(.elboFailed(request: state.elbo.request, reason)))
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.down(reason))))
        #expect(Self.screen(state).contains { $0.contains("state") && $0.contains("failed (e restarts)") })
        _ = WorkbenchReducer.reduce(&state, .command("backend restart"))
        let resumed = WorkbenchReducer.reduce(&state, .engine(.backend(.ready(model: "tiny", device: "cuda:0"))))
        #expect(resumed.contains { if case .engine(.estimateELBO) = $0 { true } else { false } })
        #expect(state.elbo.running && state.elbo.failure == nil)
    }

    @Test func whatOnlyTheLocalEngineDoesIsRefusedWithTheReason() {
        var (state, _) = Self.started()
        _ = WorkbenchReducer.reduce(&state, .command("model Examples/models/countdown"))
        #expect(state.notice?.contains("start unmask without --backend to open local models") == true)
        state.tab = .train
        let effects = WorkbenchReducer.reduce(&state, .action(.trainStartPause))
        #expect(effects.isEmpty)
        #expect(state.notice?.contains("training runs on the local engine") == true)
        #expect(WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt Hello"))).isEmpty)
        #expect(state.notice?.hasPrefix("the backend holds the prompt") == true)
        _ = WorkbenchReducer.reduce(&state, .command("set strategy radd"))
        #expect(state.notice == "not applied: the backend samples llada, not radd")
        #expect(state.config.strategy == .llada)
    }

    @Test func withoutABackendRestartSaysSo() {
        var (state, _) = WorkbenchReducerTests.started()
        let effects = WorkbenchReducer.reduce(&state, .command("backend restart"))
        #expect(effects.isEmpty)
        #expect(state.notice?.hasPrefix("no backend: the model runs in this process") == true)
        _ = WorkbenchReducer.reduce(&state, .command("backend start"))
        #expect(state.notice == "usage: backend restart")
    }
}
