import Foundation
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// `unmask replay` in-process: a recorded trajectory as the main branch, with and without weights.
extension WorkbenchAppTests {
    /// A trajectory sampled by the engine and replayed: the file's steps are the main branch.
    static func recordedTrajectory() throws -> Trajectory {
        let loaded = countdown.loaded!
        var c = countdown.defaultConfig()
        c.steps = 8
        let sampler = try makeSampler(
            model: loaded.network(rows: 1, threads: 1), config: c,
            problem: countdown.problem(prompt: 3, text: "", generationLength: c.generationLength),
            seed: 5)
        return sampler.run(model: demoPath("countdown"), tokenizer: demoPath("countdown") + "/tokenizer.json")
    }

    @Test func replayShowsTheRecordedStepsAndResamplesWithWeights() throws {
        let trajectory = try Self.recordedTrajectory()
        var app = WorkbenchApp(
            replaying: trajectory, model: Self.countdown, catalog: ModelCatalog(entries: []),
            theme: .default, library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        #expect(app.state.branch.steps == trajectory.steps)
        #expect(app.state.timeline.step == 0)
        _ = app.perform(.jumpEnd)
        #expect(app.state.branch.tokens(row: 0, at: app.state.timeline.step) == trajectory.finalTokens[0])
        // The prompt line is the recording's (held-out item 3), not item 0 a fresh sample would use.
        let screen = Self.screen(app).lines.joined(separator: "\n")
        let recordedPrompt = Self.countdown.promptText(prompt: 3, text: ""),
            freshPrompt = Self.countdown.promptText(prompt: 0, text: "")
        #expect(screen.contains("prompt  " + recordedPrompt) && !screen.contains("prompt  " + freshPrompt), "\(screen)")
        // Fewer steps: resampled on the recorded prompt, not the model's default one.
        _ = app.execute("set steps 4")
        Self.settle(&app, until: Self.finished)
        #expect(app.state.branch.steps.count == 4)
        #expect(app.state.branch.name == "main", "resampled with other settings: no longer the recording")
        #expect(
            Array(app.state.branch.steps.last!.rows[0].tokens.prefix(trajectory.header.problem.promptLength))
                == trajectory.header.problem.prompts[0])
    }

    /// A recording whose sampler the model cannot run (EOS ids another model's, as old recorder
    /// files had) stays on screen when `r` is pressed: the resample once emptied the recorded
    /// main branch to "step 0/0" after the engine refused it.
    @Test func resamplingARecordingTheModelCannotRunKeepsIt() throws {
        var trajectory = try Self.recordedTrajectory()
        trajectory.header.sampler.eosTokenIds = [126_081]
        var app = WorkbenchApp(
            replaying: trajectory, model: Self.countdown, catalog: ModelCatalog(entries: []),
            theme: .default, library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        _ = app.perform(.resample)
        Self.settle(&app, until: { _ in true })
        #expect(app.state.branch.steps == trajectory.steps)
        #expect(
            app.state.notice?.contains("not applied: eos token id 126081 outside the vocabulary") == true,
            "\(app.state.notice ?? "")")
        // Nor is a branch made that could never sample (it waited on "sampling…" forever).
        _ = app.perform(.jumpEnd)
        _ = app.perform(.stepBack)
        _ = app.perform(.branch)
        #expect(app.state.branches.count == 1)
        #expect(app.state.notice?.contains("not applied: eos token id 126081") == true, "\(app.state.notice ?? "")")
    }

    @Test func replayWithoutWeightsIsDisplayOnly() throws {
        let trajectory = try Self.recordedTrajectory()
        let vocabulary = TrajectoryVocabulary(header: trajectory.header)
        let model = WorkbenchModel(recorded: trajectory.header, vocabulary: vocabulary, name: "recorded")
        var app = WorkbenchApp(
            replaying: trajectory, model: model, catalog: ModelCatalog(entries: []), theme: .default,
            library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        _ = app.perform(.jumpEnd)
        let text = Self.screen(app).lines.joined(separator: "\n")
        #expect(text.contains("<answer>"))
        // A masked position says why no candidates come (it once said "…asking the model" forever).
        _ = app.perform(.jumpStart)
        let masked = Self.screen(app).lines.joined(separator: "\n")
        #expect(masked.contains("candidates only where a step committed") && !masked.contains("asking the model"))
        _ = app.perform(.resample)
        Self.settle(&app, until: { $0.state.notice != nil })
        #expect(app.state.notice == WorkbenchModel.noWeights)
    }

    @Test func replayWithoutWeightsKeepsTheRecordingOnSamplingKeys() throws {
        let trajectory = try Self.recordedTrajectory()
        let model = WorkbenchModel(
            recorded: trajectory.header, vocabulary: TrajectoryVocabulary(header: trajectory.header),
            name: "recorded")
        var app = WorkbenchApp(
            replaying: trajectory, model: model, catalog: ModelCatalog(entries: []), theme: .default,
            library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        for action in [WorkbenchAction.resample, .increase, .branch, .tab(.compare), .reroll] { _ = app.perform(action) }
        _ = app.execute("set steps 4")
        #expect(app.state.branches.count == 1)
        #expect(app.state.branch.steps == trajectory.steps)
        #expect(app.state.compare == nil)
        #expect(app.state.notice == WorkbenchModel.noWeights)
        // B's settings are the recording's at a quarter of its steps, not the display-only
        // model's defaults (they once read 32 steps of 128 beside a recording of 8 of 16).
        #expect(app.state.compareConfig == WorkbenchState.compareDefault(for: trajectory.header.sampler))
    }

    @Test func compareInAReplaySamplesTheRecordedPrompt() throws {
        let trajectory = try Self.recordedTrajectory()
        var app = WorkbenchApp(
            replaying: trajectory, model: Self.countdown, catalog: ModelCatalog(entries: []),
            theme: .default, library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.perform(.tab(.compare))
        Self.settle(&app, until: Self.finished)
        let prompt = trajectory.header.problem.prompts[0]
        #expect(Array(app.state.compare!.steps.last!.rows[0].tokens.prefix(prompt.count)) == prompt)
        #expect(prompt != Self.countdown.problem(prompt: 0, text: "", generationLength: 16).prompts[0])
    }
}

/// An unconditional image (`unmask sample` without --class) replayed: its prompt is the mask id
/// (the null class), which is not "still masked" (ELBO once refused the finished sample) and asks
/// the model for no predictions.
extension WorkbenchAppTests {
    @Test func aReplayedUnconditionalImageIsFinished() throws {
        let loaded = try LoadedModel(path: demoPath("glyphs"))
        guard case .image(let t) = loaded.tokenizer else { throw CancellationError() }
        var c = SamplerConfig.defaults(for: .emigm)
        c.generationLength = t.patchCount
        c.cfgScale = 0
        let sampler = try makeSampler(
            model: loaded.network(rows: 1, threads: 1), config: c,
            problem: SamplingProblem(rows: 1, prompt: [t.maskTokenId], generatedVocabulary: t.patchCodes), seed: 2)
        let trajectory = sampler.run(model: demoPath("glyphs"), tokenizer: demoPath("glyphs") + "/tokenizer.json")
        let model = WorkbenchModel(name: "glyphs", loaded: loaded)
        var app = WorkbenchApp(
            replaying: trajectory, model: model, catalog: ModelCatalog(entries: []), theme: .default, library: nil,
            runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        _ = app.perform(.jumpEnd)
        _ = app.perform(.runELBO)
        #expect(app.state.elbo.running, "\(app.state.notice ?? "")")
        #expect(app.state.notice?.contains("still has masked positions") != true)
    }
}

extension WorkbenchAppTests {
    /// A replay with weights opens with the cursor's candidates asked for: the pane once showed
    /// "…asking the model" until a key was pressed.
    @Test func aReplayAsksForTheCursorsCandidatesAtOnce() throws {
        var app = WorkbenchApp(
            replaying: try Self.recordedTrajectory(), model: Self.countdown, catalog: ModelCatalog(entries: []),
            theme: .default, library: nil, runRoot: WorkbenchAppTests.runRoot)
        defer { app.shutdown() }
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        #expect(app.state.timeline.step == 0)
        Self.settle(&app) { !$0.state.cursorCandidates().isEmpty }
        #expect(!app.state.cursorCandidates().isEmpty, "no key was pressed")
    }
}
