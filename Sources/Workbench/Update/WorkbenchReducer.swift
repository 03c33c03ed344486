import MaskedDiffusion
import Terminal

/// The workbench's update function: `reduce(&state, input)` changes the state and returns the
/// effects to run. It computes nothing heavy, touches no file and no thread, so every key
/// press can be tested by calling it; settings are validated here, so no invalid request
/// reaches the engine.
///
/// The work is spread over extensions by concern (sampling, selection, commands, engine
/// messages, mouse); each appends effects to `effects`.
struct WorkbenchReducer {
    var state: WorkbenchState
    var effects: [WorkbenchEffect] = []

    /// Applies `input` to `state`; returns what the shell must do.
    static func reduce(_ state: inout WorkbenchState, _ input: WorkbenchInput) -> [WorkbenchEffect] {
        var r = WorkbenchReducer(state: state)
        r.apply(input)
        state = r.state
        return r.effects
    }

    mutating func ask(_ request: EngineRequest) { effects.append(.engine(request)) }

    /// Puts `text` in the status bar for 8 s (an error for 15 s).
    mutating func say(_ text: String, error: Bool = false) {
        state.notice = text
        state.noticeIsError = error
        state.noticeTicksLeft = error ? 450 : 240
    }

    private mutating func apply(_ input: WorkbenchInput) {
        switch input {
        case .start:
            startMain()
            askTokenTextOnScreen()
            effects.append(.inspectRun(state.training.directory))
        case .startReplay:
            askTokenTextOnScreen()
            requestPredictions()
        case let .key(key): handleKey(key)
        case let .action(action): perform(action)
        case let .mouse(mouse): handleMouse(mouse)
        case let .resize(size): state.size = size
        case .tick:
            advancePlayback()
            expireNotice()
        case let .command(line): execute(line)
        case let .engine(message): apply(message)
        case let .modelLoaded(model, path): load(model, path: path)
        case let .themeLoaded(theme, index):
            state.theme = theme
            state.themeIndex = index
            say("theme \(theme.name)")
        case let .runInspected(peek): showRun(peek)
        case let .notice(text, isError): say(text, error: isError)
        case let .stateLoaded(saved, path): restore(saved, from: path)
        }
    }

    /// Playback: steps advance at `speed` per second, at 30 ticks a second.
    private mutating func advancePlayback() {
        guard state.timeline.playing else { return }
        state.timeline.playClock += state.timeline.speed / 30
        let whole = Int(state.timeline.playClock)
        guard whole > 0 else { return }
        state.timeline.playClock -= Double(whole)
        let last = state.branch.steps.count
        state.timeline.step = min(last, state.timeline.step + whole)
        if state.timeline.step >= last && state.branch.finished { state.timeline.playing = false }
        requestPredictions()
        state.frame += 1
    }

    private mutating func expireNotice() {
        guard state.notice != nil else { return }
        state.noticeTicksLeft -= 1
        if state.noticeTicksLeft <= 0 {
            state.notice = nil
            state.frame += 1
        }
    }

    private mutating func handleKey(_ key: Key) {
        if state.command != nil { return editCommand(key) }
        if state.showHelp {
            if searchHelp(key) { return }
            state.showHelp = false
            state.helpSearch = nil
            if key != .char("q") { return }
        }
        guard let action = WorkbenchKeys.map.action(for: key) else { return }
        perform(action)
    }

    mutating func perform(_ action: WorkbenchAction) {
        switch action {
        case .quit: effects.append(.quit)
        case .help: state.showHelp.toggle()
        case .closeOverlay: state.showHelp = false
        case .command: state.command = ""
        case .nextTheme: if state.themeNames.count > 1 { effects.append(.loadNextTheme(after: state.themeIndex)) }
        case .export: effects.append(.export(what: "all", path: nil))
        case let .tab(t): selectTab(t)
        case .nextTab: selectTab(state.tab.cycled(by: 1))
        case .previousTab: selectTab(state.tab.cycled(by: -1))
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
        case .colorMode:
            state.timeline.coloring = state.timeline.coloring.next
            say("tokens coloured by \(state.timeline.coloring.rawValue)")
            if state.tab == .image { say("colouring applies to token trajectories (1 Tokens)") }
            if state.timeline.coloring == .cache && !state.branch.config.usesCache {
                say("computed / cached: this branch samples without a cache (set the cache knob to prefix or dual)")
            }
        case .positionMap:
            state.timeline.showsMap.toggle()
            if state.tab != .tokens { selectTab(.tokens) }
            say(state.timeline.showsMap ? "step × position map: M returns to the token row" : "token row")
        case .branch: branchHere(pin: nil)
        case .nextBranch:
            state.timeline.branchIndex = (state.timeline.branchIndex + 1) % state.branches.count
            state.timeline.step = min(state.timeline.step, state.branch.steps.count)
            requestPredictions()
        case .deleteBranch: deleteBranch()
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
            state.elbo.estimator = state.elbo.estimator.cycled(by: 1)
            retargetELBO()
        case .elboTarget:
            state.elbo.heldOut.toggle()
            retargetELBO()
        case .sweepStartStop: sweepCommand(state.sweep.running ? "stop" : "")
        case .trainStartPause: toggleTraining()
        case let .curves(action): state.training.curves.perform(action, on: state.training.series)
        }
    }

    mutating func selectTab(_ tab: WorkbenchTab) {
        state.tab = tab
        if tab == .compare, state.compare == nil { sampleCompare(replacing: false) }
    }
}
