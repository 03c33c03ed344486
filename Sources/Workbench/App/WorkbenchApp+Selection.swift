import MaskedDiffusion

/// ↑/↓, +/− and Enter act on the list of the current tab: schedule knobs (Tokens, Image,
/// Compare), RL settings (Train), model folders (Models).
extension WorkbenchApp {
    /// The config the schedule editor shows on this tab.
    var editedConfig: SamplerConfig { state.tab == .compare ? state.compareConfig : state.branch.config }
    var editedSeed: UInt64 { state.tab == .compare ? state.seed : state.branch.seed }
    var visibleKnobs: [ScheduleKnob] { ScheduleKnob.visible(for: editedConfig) }

    mutating func moveSelection(by delta: Int) {
        switch state.tab {
        case .train:
            let n = TrainingSetting.allCases.count
            state.training.selectedSetting = (state.training.selectedSetting + delta + n) % n
        case .models:
            let n = max(1, state.catalog.entries.count)
            state.selectedModel = (state.selectedModel + delta + n) % n
        case .elbo:
            break
        default:
            let n = visibleKnobs.count
            state.selectedKnob = (min(state.selectedKnob, n - 1) + delta + n) % n
        }
    }

    mutating func adjustSelection(by delta: Int) {
        switch state.tab {
        case .train:
            guard !state.training.running else { return say("settings apply to a new run: pause first (t)", error: true) }
            TrainingSetting.allCases[state.training.selectedSetting].adjust(&state.training.config, by: delta)
        case .models, .elbo:
            break
        default:
            let knob = visibleKnobs[min(state.selectedKnob, visibleKnobs.count - 1)]
            retune { config, seed in knob.adjust(&config, seed: &seed, by: delta) }
            clampKnobSelection()
        }
    }

    /// Enter: type the selected knob's value (the command line opens with `set KNOB `), or load
    /// the selected model.
    mutating func editSelection() {
        switch state.tab {
        case .models: loadSelectedModel()
        case .train, .elbo: break
        default:
            let knob = visibleKnobs[min(state.selectedKnob, visibleKnobs.count - 1)]
            state.command = "set \(knob.rawValue) "
        }
    }

    mutating func clampKnobSelection() {
        state.selectedKnob = min(state.selectedKnob, visibleKnobs.count - 1)
    }

    mutating func loadSelectedModel() {
        guard state.selectedModel < state.catalog.entries.count else { return }
        let entry = state.catalog.entries[state.selectedModel]
        do {
            let model = WorkbenchModel(name: entry.name, loaded: try LoadedModel(path: entry.path))
            load(model)
        } catch {
            say("\(entry.path): \(error)", error: true)
        }
    }

    /// Switches to `model`: fresh state for its kind, same theme and catalog.
    mutating func load(_ model: WorkbenchModel) {
        engine.worker.cancelAll()
        var fresh = WorkbenchState(model: model, catalog: state.catalog, theme: state.theme, themeNames: state.themeNames)
        fresh.themeIndex = state.themeIndex
        fresh.size = state.size
        fresh.frame = state.frame
        fresh.nextRequest = state.nextRequest
        fresh.elbo.request = state.elbo.request
        fresh.selectedModel = state.selectedModel
        // A run in progress keeps training (and its curves) on the model it started from.
        if state.training.running { fresh.training = state.training } else { fresh.training.directory = "runs/\(model.name)-espo" }
        fresh.tab = model.isImage ? .image : .tokens
        state = fresh
        startMain()
        say("loaded \(model.name)")
    }
}
