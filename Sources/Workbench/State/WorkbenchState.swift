import ESPO
import MaskedDiffusion
import RunLog
import Terminal

/// The workbench's tabs, in tab-bar order.
public enum WorkbenchTab: Int, CaseIterable, Sendable {
    case tokens, image, compare, elbo, train, models

    public var title: String {
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
public struct TimelineState: Sendable {
    /// Index into `WorkbenchState.branches` (not a `Branch.id`).
    public var branchIndex = 0
    /// Steps taken in the viewed state (0: before the first step).
    public var step = 0
    /// Stay on the newest step while a sample streams in.
    public var followLive = true
    public var playing = false
    /// Steps per second when playing.
    public var speed = 8.0
    /// Fractional steps accumulated by playback between frames.
    public var playClock = 0.0
    /// Absolute sequence position under the cursor.
    public var cursor = 0
    /// The row shown in the token pane (image models sample one row per class).
    public var row = 0
    public var coloring = TokenColoring.confidence
    /// The Tokens tab shows the step × position map and the cursor's beliefs over steps
    /// instead of the token row and candidates (`M`).
    public var showsMap = false
}

/// The ELBO pane: what is estimated and how far it got.
public struct ELBOState: Sendable {
    public var estimator: ELBOEstimator = .espo
    public var heldOut = false
    public var maxUnits = 512
    public var progress: ELBOProgress?
    public var running = false
    public var request = 0
}

/// The training pane: settings for a new run, and what the running one reported.
public struct TrainingState: Sendable {
    public var config: ESPOConfig = {
        var c = ESPOConfig()
        c.rounds = 200
        c.evalEvery = 10
        c.evalItems = 128
        c.samplesEvery = 1
        return c
    }()
    public var directory = "runs/workbench-espo"
    public var status = "idle"
    public var running = false
    public var records: [MetricsRecord] = []
    public var samples: [(prompt: String, completion: String, reward: Double)] = []
    public var round = 0
    public var selectedSetting = 0
    /// Smoothing, zoom, selected and hidden metrics of the curves (the same pane `unmask watch` uses).
    public var curves = CurvesViewState()

    /// The curves of the run so far, one series per plotted metric, from the metrics.jsonl records.
    public var series: [CurveSeries] { CurveSeries.fromRecords(records, metrics: TrainingPane.metrics) }
}

/// Everything the workbench shows. The app mutates it from key presses and engine messages;
/// `render` only reads it.
public struct WorkbenchState: Sendable {
    public var model: WorkbenchModel
    public var catalog: ModelCatalog
    public var tab: WorkbenchTab = .tokens
    public var prompt = 0
    public var promptText = ""
    /// Whether a typed prompt is wrapped in the model's chat template (`:chat on|off`; models
    /// without a template use it as typed either way).
    public var chat = true
    public var problem: SamplingProblem
    /// The main trajectory first, then branches. Never empty: the main branch holds the main
    /// settings (`config`, `seed`), stored nowhere else.
    public var branches: [Branch]
    public var timeline = TimelineState()
    /// Top candidates at masked positions of a viewed state, from the engine ([] while asked for).
    public var predictions: [PredictionTag: [[Candidate]]] = [:]
    public var selectedKnob = 0
    /// The compare pane's second config and its trajectory.
    public var compareConfig: SamplerConfig
    public var compare: Branch?
    public var elbo = ELBOState()
    public var sweep = SweepState()
    public var training = TrainingState()
    public var selectedModel = 0
    public var nextRequest = 1
    /// The header of the trajectory file being replayed (nil: sampled here).
    public var recorded: TrajectoryHeader?
    /// Branches of a `:load`ed file waiting for their parents' samples (nil: none).
    public var restoring: RestoringBranches?
    /// The backend process the model runs in (nil: this process's engine).
    public var backend: BackendState?

    public var theme: Theme
    public var themeNames: [String]
    public var themeIndex = 0
    public var showHelp = false
    /// A `/` search in the help listing (nil: none).
    public var helpSearch: HelpOverlay.Search?
    /// The `:` command line being typed (nil: closed).
    public var command: String?
    /// The command line's history and Tab completions.
    public var palette = CommandPalette()
    /// One line of feedback in the status bar (an export's path, a parse error).
    public var notice: String?
    public var noticeIsError = false
    /// Ticks until the notice is cleared (30 ticks a second), so old news never lingers.
    public var noticeTicksLeft = 0
    public var size = Size(width: 0, height: 0)
    /// Frames drawn, shown in the status bar (tests wait for it).
    public var frame = 0

    public init(model: WorkbenchModel, catalog: ModelCatalog, theme: Theme, themeNames: [String]) {
        self.model = model
        self.catalog = catalog
        self.theme = theme
        self.themeNames = themeNames
        themeIndex = themeNames.firstIndex(of: theme.name) ?? 0
        let config = model.defaultConfig()
        compareConfig = config
        compareConfig.steps = max(1, config.steps / 4)
        problem = model.problem(prompt: 0, text: "", generationLength: config.generationLength)
        branches = [
            Branch(
                id: 0, name: "main", config: config, seed: 0,
                initialTokens: problem.initialTokens(generationLength: config.generationLength, maskId: model.maskId))
        ]
    }

    public var branch: Branch { branches[timeline.branchIndex] }

    /// The main trajectory's sampler settings.
    public var config: SamplerConfig {
        get { branches[0].config }
        set { branches[0].config = newValue }
    }

    /// The main trajectory's seed, which the compare pane's B config shares.
    public var seed: UInt64 {
        get { branches[0].seed }
        set { branches[0].seed = newValue }
    }

    /// The item a task model's prompt is (nil for text and image models).
    public var taskItem: TaskItem? {
        guard recorded == nil, promptText.isEmpty else { return nil }
        return model.task.map { $0.testItems[prompt % $0.testItems.count] }
    }
}
