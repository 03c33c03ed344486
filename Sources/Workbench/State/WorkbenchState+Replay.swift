import MaskedDiffusion
import Terminal

/// `unmask replay FILE`: the workbench on a recorded trajectory. The file's steps become the
/// main branch, scrubbed and played like a sampled one. With the model's weights (`--model`, or
/// the header's model folder when it exists) every other pane works too: editing a knob or
/// branching resamples from the recorded state. Without them (a run recorded from a real
/// LLaDA) the trajectory is display-only and sampling actions say so.
extension WorkbenchState {
    init(
        replaying trajectory: Trajectory, model: WorkbenchModel, catalog: ModelCatalog, theme: Theme,
        themeNames: [String], runRoot: String
    ) {
        var state = WorkbenchState(model: model, catalog: catalog, theme: theme, themeNames: themeNames, runRoot: runRoot)
        let header = trajectory.header
        state.recorded = header
        state.problem = header.problem
        state.config = header.sampler
        // B compares against the recording's settings, not a display-only model's defaults (a
        // replay once showed B at 32 steps of 128 beside 8 of 16).
        state.compareConfig = Self.compareDefault(for: header.sampler)
        state.seed = header.seed
        var main = Branch(
            id: 0, name: "recorded", config: header.sampler, seed: header.seed,
            initialTokens: header.initialTokens, inherited: trajectory.steps)
        main.finished = true
        state.branches = [main]
        state.timeline.step = 0
        state.timeline.followLive = false
        state.timeline.cursor = header.problem.promptLength
        state.tab = header.kind == .image && model.isImage ? .image : .tokens
        self = state
    }
}
