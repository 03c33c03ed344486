import MaskedDiffusion

/// ↑/↓, +/− and Enter act on the list of the current tab: schedule knobs (Tokens, Image,
/// Compare), RL settings (Train), model folders (Models).
extension WorkbenchReducer {
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
            let n = state.visibleKnobs.count
            state.selectedKnob = (state.shownKnob + delta + n) % n
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
            let knob = state.visibleKnobs[state.shownKnob]
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
            let knob = state.visibleKnobs[state.shownKnob]
            state.command = "set \(knob.rawValue) "
        }
    }

    mutating func clampKnobSelection() {
        state.selectedKnob = state.shownKnob
    }

    mutating func loadSelectedModel() {
        guard state.selectedModel < state.catalog.entries.count else { return }
        openModel(path: state.catalog.entries[state.selectedModel].path, addToCatalog: false)
    }

    /// Switches to `model`: fresh state for its kind, same theme and catalog. A model opened by
    /// path joins the catalog.
    mutating func load(_ model: WorkbenchModel, path: String?) {
        ask(.cancelAll)
        let catalog = path.map { state.catalog.putting(path: $0) } ?? state.catalog
        var fresh = WorkbenchState(
            model: model, catalog: catalog, theme: state.theme, themeNames: state.themeNames,
            runRoot: state.training.runRoot)
        fresh.themeIndex = state.themeIndex
        fresh.size = state.size
        fresh.frame = state.frame
        fresh.nextRequest = state.nextRequest
        fresh.elbo.request = state.elbo.request
        fresh.sweep.request = state.sweep.request
        fresh.selectedModel = path == nil ? state.selectedModel : 0
        // A run in progress keeps training (and its curves) on the model it started from.
        if state.training.running { fresh.training = state.training }
        fresh.tab = model.isImage ? .image : .tokens
        state = fresh
        startMain()
        if !state.training.running { effects.append(.inspectRun(state.training.directory)) }
        say("loaded \(model.name)")
    }
}
