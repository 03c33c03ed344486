import ESPO
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

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

    /// Each model's run folder is under the state's run root, also after switching models, so
    /// tests (and embedders) can keep runs away from the working directory.
    @Test func everyModelsRunFolderIsUnderTheRunRoot() {
        var state = WorkbenchState(
            model: WorkbenchAppTests.countdown, catalog: ModelCatalog(entries: []), theme: .default,
            themeNames: ["default"], runRoot: "/tmp/elsewhere")
        #expect(state.training.directory == "/tmp/elsewhere/countdown-espo")
        let effects = WorkbenchReducer.reduce(&state, .modelLoaded(WorkbenchAppTests.glyphs, path: nil))
        #expect(state.training.directory == "/tmp/elsewhere/glyphs-espo")
        #expect(effects.contains { if case .inspectRun("/tmp/elsewhere/glyphs-espo") = $0 { true } else { false } })
    }

    /// `unmask tui --run DIR`: the run shown at start is DIR's (it once was the default folder's,
    /// whatever that held, until training began).
    @Test func theRunFolderGivenAtStartIsTheOneInspected() {
        let folder = WorkbenchAppTests.runRoot + "/given"
        let app = WorkbenchApp(
            model: WorkbenchAppTests.countdown, catalog: ModelCatalog(entries: []), theme: .default, library: nil,
            runRoot: WorkbenchAppTests.runRoot, runFolder: folder)
        defer { app.shutdown() }
        #expect(app.state.training.directory == folder)
        #expect(app.state.training.status == "new run in \(folder)")
    }

    /// `t` while the CLI held the folder failed; `t` again after the CLI stopped started the
    /// run, and the status bar still said the folder was in use.
    @Test func aStartThatWorksClearsTheFailureBeforeIt() {
        var (state, _) = WorkbenchReducerTests.started()
        _ = WorkbenchReducer.reduce(&state, .engine(.training(.failed("runs/x is in use by another unmask process"))))
        #expect(state.notice == "training: runs/x is in use by another unmask process" && state.noticeIsError)
        let config = state.training.config
        _ = WorkbenchReducer.reduce(&state, .engine(.training(.started(path: "runs/x", config: config, round: 3, history: []))))
        #expect(state.notice == nil)
        #expect(state.training.status == "\(config.objective.rawValue) running")
    }
}
