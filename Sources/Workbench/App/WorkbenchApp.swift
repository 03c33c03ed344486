import MaskedDiffusion
import Terminal

/// The workbench (`unmask`, `unmask tui --model DIR`): panes over one `WorkbenchState`, wired to
/// the engine through `EngineLink`. Key presses become `WorkbenchAction`s that change the state
/// and submit jobs; each tick drains the engine's inbox. Nothing here computes: sampling, ELBO
/// and training run on engine threads and arrive as messages.
public struct WorkbenchApp: App {
    public var state: WorkbenchState
    public let engine: EngineLink
    public let library: ThemeLibrary?
    /// Where `E` and `:export` write.
    public var exportDirectory = "unmask-export"

    public init(model: WorkbenchModel, catalog: ModelCatalog, theme: Theme, library: ThemeLibrary?,
                engine: EngineLink = EngineLink(), notice: String? = nil) {
        self.init(model: model, catalog: catalog, theme: theme, library: library, engine: engine, notice: notice,
                  sampling: true)
    }

    /// `sampling: false` leaves the main trajectory empty (a replay fills it from a file).
    init(model: WorkbenchModel, catalog: ModelCatalog, theme: Theme, library: ThemeLibrary?, engine: EngineLink,
         notice: String?, sampling: Bool) {
        state = WorkbenchState(model: model, catalog: catalog, theme: theme,
                               themeNames: library?.availableNames() ?? [theme.name])
        self.engine = engine
        self.library = library
        state.notice = notice
        state.noticeIsError = notice != nil
        state.training.directory = "runs/\(model.name)-espo"
        if model.isImage { state.tab = .image }
        if sampling { startMain() }
    }

    public var minimumSize: Size { Size(width: 80, height: 24) }

    public mutating func handle(_ event: Event) -> AppFlow {
        switch event {
        case .tick:
            return tick() ? .continue : .idle
        case let .resize(size):
            state.size = size
        case let .mouse(mouse):
            handleMouse(mouse)
        case let .key(key):
            return handleKey(key)
        }
        return .continue
    }

    /// Drains engine messages and advances playback; false when nothing on screen changed.
    mutating func tick() -> Bool {
        var changed = false
        for message in engine.inbox.drain() {
            apply(message)
            changed = true
        }
        if state.timeline.playing {
            state.timeline.playClock += state.timeline.speed / 30
            let whole = Int(state.timeline.playClock)
            if whole > 0 {
                state.timeline.playClock -= Double(whole)
                let last = state.branch.steps.count
                state.timeline.step = min(last, state.timeline.step + whole)
                if state.timeline.step >= last && state.branch.finished { state.timeline.playing = false }
                requestPredictions()
                changed = true
            }
        }
        if changed { state.frame += 1 }
        return changed
    }

    mutating func handleKey(_ key: Key) -> AppFlow {
        if state.command != nil { return editCommand(key) }
        if state.showHelp {
            state.showHelp = false
            if key != .char("q") { return .continue }
        }
        guard let action = WorkbenchKeys.map.action(for: key) else { return .continue }
        return perform(action)
    }

    public mutating func perform(_ action: WorkbenchAction) -> AppFlow {
        switch action {
        case .quit: return .quit
        case .help: state.showHelp.toggle()
        case .closeOverlay: state.showHelp = false
        case .command: state.command = ""
        case .nextTheme: switchTheme()
        case .export: exportAll()
        case let .tab(t): selectTab(t)
        case .nextTab: selectTab(WorkbenchTab(rawValue: (state.tab.rawValue + 1) % WorkbenchTab.allCases.count)!)
        case .previousTab:
            let n = WorkbenchTab.allCases.count
            selectTab(WorkbenchTab(rawValue: (state.tab.rawValue + n - 1) % n)!)
        case .playPause:
            if !state.timeline.playing, state.timeline.step >= state.branch.steps.count { state.timeline.step = 0 }
            state.timeline.playing.toggle()
            state.timeline.followLive = false
        case .stepBack: moveStep(by: -1)
        case .stepForward: moveStep(by: 1)
        case .pageBack: moveStep(by: -10)
        case .pageForward: moveStep(by: 10)
        case .jumpStart: moveStep(to: 0)
        case .jumpEnd:
            moveStep(to: state.branch.steps.count)
            state.timeline.followLive = true
        case .slower: state.timeline.speed = max(0.5, state.timeline.speed / 2)
        case .faster: state.timeline.speed = min(256, state.timeline.speed * 2)
        case .cursorLeft: moveCursor(by: -1)
        case .cursorRight: moveCursor(by: 1)
        case .nextRow:
            state.timeline.row = (state.timeline.row + 1) % max(1, state.problem.rows)
            requestPredictions()
        case .colorMode: state.timeline.colorByOrder.toggle()
        case .branch: branchHere(pin: nil)
        case .nextBranch:
            state.timeline.branchIndex = (state.timeline.branchIndex + 1) % state.branches.count
            state.timeline.step = min(state.timeline.step, state.branch.steps.count)
            requestPredictions()
        case .override: pinNextCandidate()
        case .nextPrompt: changePrompt(by: 1)
        case .previousPrompt: changePrompt(by: -1)
        case .selectUp: moveSelection(by: -1)
        case .selectDown: moveSelection(by: 1)
        case .increase: adjustSelection(by: 1)
        case .decrease: adjustSelection(by: -1)
        case .editValue: editSelection()
        case .resample: resampleCurrent()
        case .reroll: retune { $1 = $1 &+ 1 }
        case .runELBO: toggleELBO()
        case .nextEstimator:
            let all = ELBOEstimator.allCases
            state.elbo.estimator = all[(all.firstIndex(of: state.elbo.estimator)! + 1) % all.count]
            if state.elbo.running { startELBO() }
        case .elboTarget:
            state.elbo.heldOut.toggle()
            if state.elbo.running { startELBO() }
        case .trainStartPause: toggleTraining()
        case let .curves(action): state.training.curves.perform(action, on: state.training.series)
        }
        return .continue
    }

    mutating func selectTab(_ tab: WorkbenchTab) {
        state.tab = tab
        if tab == .compare, state.compare == nil { sampleCompare(replacing: false) }
    }

    /// Cycles through the themes on the search path; one that fails to load is skipped with its
    /// error in the status bar.
    mutating func switchTheme() {
        guard let library, state.themeNames.count > 1 else { return }
        let next = library.loadNext(after: state.themeIndex, in: state.themeNames)
        state.themeIndex = next.index
        switch next.result {
        case let .success(theme):
            state.theme = theme
            say("theme \(theme.name)")
        case let .failure(error):
            say(error.description, error: true)
        }
    }

    mutating func say(_ text: String, error: Bool = false) {
        state.notice = text
        state.noticeIsError = error
    }

    /// Stops the engine threads (a training round in flight is checkpointed).
    public func shutdown() { engine.shutdown() }
}
