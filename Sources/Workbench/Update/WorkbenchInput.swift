import ESPO
import RunLog
import Terminal

/// Everything that can change the workbench's state: the user's input, time, and what the
/// engine and the shell report back.
enum WorkbenchInput: Sendable {
    /// The workbench opened: sample the first trajectory.
    case start
    /// The workbench opened on a recording: nothing to sample, but the text and the cursor's
    /// candidates on screen are asked for (the cursor pane once waited for a key).
    case startReplay
    case key(Key)
    case action(WorkbenchAction)
    case mouse(MouseEvent)
    case resize(Size)
    /// A frame's worth of time passed (playback advances).
    case tick
    /// One `:` command line, as typed.
    case command(String)
    case engine(EngineMessage)
    /// The shell opened a model folder (`path` is added to the catalog when given).
    case modelLoaded(WorkbenchModel, path: String?)
    /// The shell loaded a theme (its index among the theme names).
    case themeLoaded(Theme, index: Int)
    /// What the shell found in a run folder (nil: no run there yet).
    case runInspected(RunPeek?)
    /// The shell read a saved workbench (`:load FILE`).
    case stateLoaded(SavedWorkbench, path: String)
    /// A shell effect failed or finished; the text goes to the status bar.
    case notice(String, isError: Bool)
}

/// What the reducer asks the shell to do: engine work, and the few things that touch files
/// or the process (loading models and themes, exporting, quitting).
enum WorkbenchEffect: Sendable {
    case engine(EngineRequest)
    case loadModel(path: String, addToCatalog: Bool)
    case loadNextTheme(after: Int)
    case loadTheme(String)
    case export(what: String, path: String?)
    /// Write the session's settings to `path` (`:save`).
    case saveState(SavedWorkbench, path: String)
    /// Read settings saved by `:save` (`:load`).
    case loadState(path: String)
    /// Read what the run folder at `path` holds (for the Train tab).
    case inspectRun(String)
    /// Start the backend process again (`:backend restart`).
    case restartBackend
    case quit
}

/// A run folder's state as the Train tab shows it before the run resumes.
struct RunPeek: Sendable {
    var config: ESPOConfig
    var round: Int
    var history: [MetricsRecord]
}
