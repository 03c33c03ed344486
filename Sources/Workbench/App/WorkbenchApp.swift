import ESPO
import Foundation
import MaskedDiffusion
import Terminal

/// The workbench (`unmask`, `unmask tui --model DIR`, `unmask replay FILE`): the shell around
/// three parts (docs/architecture.md):
///
/// - `WorkbenchReducer.reduce(&state, input) -> [WorkbenchEffect]`: every change of state,
///   pure and validated;
/// - `EngineCoordinator`: runs the engine requests among those effects on its threads;
/// - `WorkbenchView`: draws the state.
///
/// The shell turns terminal events into inputs, runs the effects that touch files (models,
/// themes, exports), and feeds engine messages back in on each tick.
public struct WorkbenchApp: App {
    public var state: WorkbenchState
    public let engine: any EngineDoor
    let library: ThemeLibrary?
    /// Where `E` and `:export` write.
    var exportDirectory = "unmask-export"
    /// Where the theme and the last model opened are remembered (nil: nowhere, as in tests).
    public var preferencesFile: PreferencesFile?
    /// What that file holds now.
    public var preferences = Preferences()
    /// Set by a `quit` effect.
    private var quitting = false

    /// `runRoot` holds each model's default run folder (`runs/MODEL-espo`); `runFolder` (`--run`)
    /// replaces the opened model's, and is the run the Train tab shows at start.
    public init(
        model: WorkbenchModel, catalog: ModelCatalog, theme: Theme, library: ThemeLibrary?,
        engine: any EngineDoor = EngineCoordinator(), backend: BackendState? = nil, notice: String? = nil,
        runRoot: String = TrainingState.defaultRunRoot, runFolder: String? = nil
    ) {
        var state = WorkbenchState(
            model: model, catalog: catalog, theme: theme,
            themeNames: library?.availableNames() ?? [theme.name], runRoot: runRoot)
        state.backend = backend
        if let runFolder { state.training.directory = runFolder }
        if model.isImage { state.tab = .image }
        self.init(state: state, engine: engine, library: library, notice: notice)
        dispatch(.start)
    }

    /// `unmask replay FILE`: the recorded trajectory is the main branch (see
    /// `WorkbenchState.init(replaying:)`); nothing is sampled until a knob or branch asks.
    public init(
        replaying trajectory: Trajectory, model: WorkbenchModel, catalog: ModelCatalog, theme: Theme,
        library: ThemeLibrary?, engine: any EngineDoor = EngineCoordinator(), notice: String? = nil,
        runRoot: String = TrainingState.defaultRunRoot
    ) {
        let state = WorkbenchState(
            replaying: trajectory, model: model, catalog: catalog, theme: theme,
            themeNames: library?.availableNames() ?? [theme.name], runRoot: runRoot)
        self.init(state: state, engine: engine, library: library, notice: notice)
        dispatch(.startReplay)
    }

    private init(state: WorkbenchState, engine: any EngineDoor, library: ThemeLibrary?, notice: String?) {
        self.state = state
        self.engine = engine
        self.library = library
        if let notice {
            self.state.notice = notice
            self.state.noticeIsError = true
            self.state.noticeTicksLeft = 450
        }
    }

    public var minimumSize: Size { Size(width: 80, height: 24) }

    public mutating func handle(_ event: Event) -> AppFlow {
        switch event {
        case .tick: return tick() ? .continue : .idle
        case let .resize(size): dispatch(.resize(size))
        case let .mouse(mouse): dispatch(.mouse(mouse))
        case let .key(key): dispatch(.key(key))
        }
        return quitting ? .quit : .continue
    }

    public func render(into buffer: inout Buffer) { WorkbenchView(state: state).render(into: &buffer) }

    /// Runs one action as if its key had been pressed.
    @discardableResult
    mutating func perform(_ action: WorkbenchAction) -> AppFlow {
        dispatch(.action(action))
        return quitting ? .quit : .continue
    }

    /// Runs one `:` command line.
    @discardableResult
    mutating func execute(_ line: String) -> AppFlow {
        dispatch(.command(line))
        return quitting ? .quit : .continue
    }

    /// Drains engine messages and advances playback; false when nothing on screen changed.
    mutating func tick() -> Bool {
        let before = state.frame
        let messages = engine.inbox.drain()
        for message in messages { dispatch(.engine(message)) }
        dispatch(.tick)
        if !messages.isEmpty && state.frame == before { state.frame += 1 }
        return state.frame != before
    }

    /// Reduces `input` and runs the effects it asks for (their results are reduced in turn).
    mutating func dispatch(_ input: WorkbenchInput) {
        for effect in WorkbenchReducer.reduce(&state, input) { run(effect) }
    }

    private mutating func run(_ effect: WorkbenchEffect) {
        switch effect {
        case let .engine(request):
            engine.execute(request, model: state.model)
        case .restartBackend:
            engine.restart()
        case .quit:
            quitting = true
        case let .loadModel(path, addToCatalog):
            do {
                let model = WorkbenchModel(
                    name: URL(fileURLWithPath: path).lastPathComponent, loaded: try LoadedModel(path: path))
                dispatch(.modelLoaded(model, path: addToCatalog ? path : nil))
                // Absolute, so the next start finds it from any working directory.
                remember { $0.lastModel = URL(fileURLWithPath: path).standardizedFileURL.path }
            } catch {
                dispatch(.notice("\(path): \(error)", isError: true))
            }
        case let .loadNextTheme(index):
            guard let library else { return }
            let next = library.loadNext(after: index, in: state.themeNames)
            switch next.result {
            case let .success(theme):
                dispatch(.themeLoaded(theme, index: next.index))
                remember { $0.theme = theme.name }
            case let .failure(error): dispatch(.notice(error.description, isError: true))
            }
        case let .loadTheme(name):
            guard let library else { return }
            switch library.load(name) {
            case let .success(theme):
                dispatch(.themeLoaded(theme, index: state.themeNames.firstIndex(of: theme.name) ?? state.themeIndex))
                remember { $0.theme = name }
            case let .failure(error): dispatch(.notice(error.description, isError: true))
            }
        case let .inspectRun(path):
            let peek = RLRun.peek(at: path).map { RunPeek(config: $0.state.config, round: $0.state.round, history: $0.history) }
            dispatch(.runInspected(peek))
        case let .saveState(saved, path):
            do throws(SavedWorkbenchError) {
                try SavedWorkbenchFile.write(saved, to: path)
                dispatch(.notice("saved main and \(saved.branches.count - 1) branch(es) to \(path)", isError: false))
            } catch { dispatch(.notice("save: \(error)", isError: true)) }
        case let .loadState(path):
            do throws(SavedWorkbenchError) { dispatch(.stateLoaded(try SavedWorkbenchFile.read(from: path), path: path)) } catch {
                dispatch(.notice("load: \(error)", isError: true))
            }
        case let .export(what, path):
            let result = export(what: what, to: path)
            dispatch(.notice(result.text, isError: result.isError))
        }
    }

    /// Changes the preferences and writes them at once (atomically); a failure is reported
    /// in the status bar, naming the file.
    private mutating func remember(_ change: (inout Preferences) -> Void) {
        guard let file = preferencesFile else { return }
        var p = preferences
        change(&p)
        guard p != preferences else { return }
        preferences = p
        do throws(PreferencesError) { try file.write(p) } catch {
            dispatch(.notice("preferences not saved: \(error)", isError: true))
        }
    }

    /// Stops the engine threads (a training round in flight is checkpointed).
    public func shutdown() { engine.shutdown() }
}
