import ESPO
import MaskedDiffusion
import RunLog
import Terminal

/// The workbench's tabs, in tab-bar order.
enum WorkbenchTab: Int, CaseIterable, Sendable {
    case tokens, image, compare, elbo, train, models

    var title: String {
        switch self {
        case .tokens: return "1 Tokens"
        case .image: return "2 Image"
        case .compare: return "3 Compare"
        case .elbo: return "4 ELBO"
        case .train: return "5 Train"
        case .models: return "6 Models"
        }
    }
}

/// Where the trajectory viewer is: which branch, which step, which position.
struct TimelineState: Sendable {
    /// Index into `WorkbenchState.branches` (not a `Branch.id`).
    var branchIndex = 0
    /// Steps taken in the viewed state (0: before the first step).
    var step = 0
    /// Stay on the newest step while a sample streams in.
    var followLive = true
    var playing = false
    /// Steps per second when playing.
    var speed = 8.0
    /// Fractional steps accumulated by playback between frames.
    var playClock = 0.0
    /// Absolute sequence position under the cursor.
    var cursor = 0
    /// The row shown in the token pane (image models sample one row per class).
    var row = 0
    var coloring = TokenColoring.confidence
    /// The Tokens tab shows the step × position map and the cursor's beliefs over steps
    /// instead of the token row and candidates (`M`).
    var showsMap = false
}

/// The ELBO pane: what is estimated and how far it got.
struct ELBOState: Sendable {
    var estimator: ELBOEstimator = .espo
    var heldOut = false
    var maxUnits = 512
    var progress: ELBOProgress?
    var running = false
    /// The user stopped the last estimate (before or after its first unit arrived).
    var stopped = false
    /// Why the last estimate failed (a backend that died); a backend restart asks it again.
    var failure: String?
    var request = 0
}

/// The training pane: settings for a new run, and what the running one reported.
public struct TrainingState: Sendable {
    var config: ESPOConfig = {
        var c = ESPOConfig()
        c.rounds = 200
        c.evalEvery = 10
        c.evalItems = 128
        c.samplesEvery = 1
        return c
    }()
    /// The folder a new run trains in (`:run DIR` or `--run` change it).
    public var directory: String
    /// Where each model's default run folder lives.
    let runRoot: String
    /// `unmask tui` keeps its runs under the working directory.
    public static let defaultRunRoot = "runs"
    var status = "idle"
    var running = false
    var records: [MetricsRecord] = []
    var samples: [(prompt: String, completion: String, reward: Double)] = []
    var round = 0
    var selectedSetting = 0
    /// Smoothing, zoom, selected and hidden metrics of the curves (the same pane `unmask watch` uses).
    var curves = CurvesViewState()

    /// A model's settings for a new run, in `runRoot/MODEL-espo` (`runs/` under the working
    /// directory for `unmask tui`; tests give a temporary root, so a run someone trained from the
    /// repository folder never shows in their snapshots).
    init(model: String, runRoot: String) {
        self.runRoot = runRoot
        directory = "\(runRoot)/\(model)-espo"
    }

    /// The curves of the run so far, one series per plotted metric, from the metrics.jsonl records.
    var series: [CurveSeries] { CurveSeries.fromRecords(records, metrics: TrainingPane.metrics) }
}

/// Everything the workbench shows. The app mutates it from key presses and engine messages;
/// `render` only reads it.
public struct WorkbenchState: Sendable {
    var model: WorkbenchModel
    var catalog: ModelCatalog
    var tab: WorkbenchTab = .tokens
    var prompt = 0
    var promptText = ""
    /// Whether a typed prompt is wrapped in the model's chat template (`:chat on|off`; models
    /// without a template use it as typed either way).
    var chat = true
    var problem: SamplingProblem
    /// The main trajectory first, then branches. Never empty: the main branch holds the main
    /// settings (`config`, `seed`), stored nowhere else.
    var branches: [Branch]
    var timeline = TimelineState()
    /// Top candidates at masked positions of a viewed state, from the engine ([] while asked for).
    var predictions: [PredictionTag: [[Candidate]]] = [:]
    var selectedKnob = 0
    /// The compare pane's second config and its trajectory.
    var compareConfig: SamplerConfig
    var compare: Branch?
    var elbo = ELBOState()
    var sweep = SweepState()
    public var training: TrainingState
    var selectedModel = 0
    var nextRequest = 1
    /// The header of the trajectory file being replayed (nil: sampled here).
    var recorded: TrajectoryHeader?
    /// Branches of a `:load`ed file waiting for their parents' samples (nil: none).
    var restoring: RestoringBranches?
    /// The backend process the model runs in (nil: this process's engine).
    var backend: BackendState?

    var theme: Theme
    var themeNames: [String]
    var themeIndex = 0
    var showHelp = false
    /// A `/` search in the help listing (nil: none).
    var helpSearch: HelpOverlay.Search?
    /// The `:` command line being typed (nil: closed).
    var command: String?
    /// The command line's history and Tab completions.
    var palette = CommandPalette()
    /// One line of feedback in the status bar (an export's path, a parse error).
    var notice: String?
    var noticeIsError = false
    /// Ticks until the notice is cleared (30 ticks a second), so old news never lingers.
    var noticeTicksLeft = 0
    var size = Size(width: 0, height: 0)
    /// Frames drawn, shown in the status bar (tests wait for it).
    var frame = 0

    init(
        model: WorkbenchModel, catalog: ModelCatalog, theme: Theme, themeNames: [String], runRoot: String
    ) {
        self.model = model
        training = TrainingState(model: model.name, runRoot: runRoot)
        self.catalog = catalog
        self.theme = theme
        self.themeNames = themeNames
        themeIndex = themeNames.firstIndex(of: theme.name) ?? 0
        let config = model.defaultConfig()
        compareConfig = Self.compareDefault(for: config)
        problem = model.problem(prompt: 0, text: "", generationLength: config.generationLength)
        branches = [
            Branch(
                id: 0, name: "main", config: config, seed: 0,
                initialTokens: problem.initialTokens(generationLength: config.generationLength, maskId: model.maskId))
        ]
    }

    /// B's settings until edited: the main settings at a quarter of the steps.
    static func compareDefault(for main: SamplerConfig) -> SamplerConfig {
        var b = main
        b.steps = max(1, main.steps / 4)
        return b
    }

    var branch: Branch { branches[timeline.branchIndex] }

    /// The main trajectory's sampler settings.
    var config: SamplerConfig {
        get { branches[0].config }
        set { branches[0].config = newValue }
    }

    /// The main trajectory's seed, which the compare pane's B config shares.
    var seed: UInt64 {
        get { branches[0].seed }
        set { branches[0].seed = newValue }
    }

    /// The item a task model's prompt is: a held-out one, or one typed in the task's format (nil
    /// for other typed text, and for text and image models).
    var taskItem: TaskItem? {
        guard recorded == nil, let task = model.task else { return nil }
        return promptText.isEmpty ? task.testItems[prompt % task.testItems.count] : task.item(parsing: promptText)
    }
}
