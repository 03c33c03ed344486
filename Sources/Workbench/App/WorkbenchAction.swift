import Terminal

/// Everything a key can do in the workbench. Keys map to actions through `WorkbenchKeys.map`,
/// the one table the help overlay, the key-hint bar and README's key reference are drawn from.
enum WorkbenchAction: Hashable, Sendable {
    // General
    case quit, help, closeOverlay, command, nextTheme, export, tab(WorkbenchTab), nextTab, previousTab
    // Timeline
    case playPause, stepBack, stepForward, jumpStart, jumpEnd, slower, faster, pageBack, pageForward
    // Trajectory
    case cursorLeft, cursorRight, nextRow, colorMode, positionMap, branch, nextBranch, deleteBranch, override, nextPrompt,
        previousPrompt
    // Schedule and lists
    case selectUp, selectDown, increase, decrease, editValue, resample, reroll
    // ELBO and training
    case runELBO, nextEstimator, elboTarget, sweepStartStop, trainStartPause, curves(CurvesAction)
}

enum WorkbenchKeys {
    /// What the hint bar offers on each tab: the keys that act there, most used first.
    static func hints(for tab: WorkbenchTab) -> [WorkbenchAction] {
        switch tab {
        case .tokens:
            [
                .playPause, .stepBack, .cursorRight, .branch, .positionMap, .override, .nextBranch, .deleteBranch, .increase,
                .command, .help, .quit
            ]
        case .image: [.playPause, .stepBack, .nextRow, .increase, .reroll, .command, .help, .quit]
        case .compare: [.playPause, .stepBack, .increase, .reroll, .help, .quit]
        case .elbo: [.runELBO, .sweepStartStop, .nextEstimator, .elboTarget, .command, .help, .quit]
        case .train:
            [
                .trainStartPause, .selectDown, .increase, .curves(.nextMetric), .curves(.smoothMore),
                .curves(.zoomIn), .help, .quit
            ]
        case .models: [.selectDown, .editValue, .command, .help, .quit]
        }
    }

    static let map = KeyMap<WorkbenchAction>(
        bindings
            + CurvesAction.bindings(group: "ELBO and training", runKeys: false)
            .map { $0.map(WorkbenchAction.curves) } + general)

    private static let bindings: [KeyBinding<WorkbenchAction>] = [
        KeyBinding(key: .char(" "), action: .playPause, help: "play / pause", group: "Timeline", hint: true),
        KeyBinding(key: .left, action: .stepBack, help: "step back", group: "Timeline", hint: true),
        KeyBinding(key: .right, action: .stepForward, help: "step forward", group: "Timeline"),
        KeyBinding(key: .home, action: .jumpStart, help: "first step", group: "Timeline"),
        KeyBinding(key: .end, action: .jumpEnd, help: "last step", group: "Timeline"),
        KeyBinding(key: .pageUp, action: .pageBack, help: "10 steps back", group: "Timeline"),
        KeyBinding(key: .pageDown, action: .pageForward, help: "10 steps forward", group: "Timeline"),
        KeyBinding(key: .char("["), action: .slower, help: "play slower", group: "Timeline"),
        KeyBinding(key: .char("]"), action: .faster, help: "play faster", group: "Timeline"),

        KeyBinding(key: .char("h"), action: .cursorLeft, help: "cursor left", group: "Trajectory"),
        KeyBinding(key: .char("l"), action: .cursorRight, help: "cursor right", group: "Trajectory"),
        KeyBinding(key: .char("b"), action: .branch, help: "branch here", group: "Trajectory", hint: true),
        KeyBinding(key: .char("B"), action: .nextBranch, help: "next branch", group: "Trajectory"),
        KeyBinding(key: .char("p"), action: .override, help: "pin next candidate at cursor (branch)", group: "Trajectory"),
        KeyBinding(key: .char("x"), action: .deleteBranch, help: "delete the viewed branch", group: "Trajectory"),
        KeyBinding(key: .char("c"), action: .colorMode, help: "colour: confidence / commit order / cache", group: "Trajectory"),
        KeyBinding(key: .char("M"), action: .positionMap, help: "step × position map", group: "Trajectory", hint: true),
        KeyBinding(key: .char("n"), action: .nextPrompt, help: "next prompt", group: "Trajectory"),
        KeyBinding(key: .char("N"), action: .previousPrompt, help: "previous prompt", group: "Trajectory"),
        KeyBinding(key: .char("w"), action: .nextRow, help: "next row (sample)", group: "Trajectory"),

        KeyBinding(key: .up, action: .selectUp, help: "previous knob / item", group: "Schedule"),
        KeyBinding(key: .char("k"), action: .selectUp, help: "previous knob / item", group: "Schedule"),
        KeyBinding(key: .down, action: .selectDown, help: "next knob / item", group: "Schedule"),
        KeyBinding(key: .char("j"), action: .selectDown, help: "next knob / item", group: "Schedule"),
        KeyBinding(key: .char("+"), action: .increase, help: "knob up", group: "Schedule", hint: true),
        KeyBinding(key: .char("="), action: .increase, help: "knob up", group: "Schedule"),
        KeyBinding(key: .char("-"), action: .decrease, help: "knob down", group: "Schedule"),
        KeyBinding(key: .enter, action: .editValue, help: "type a value / load model", group: "Schedule"),
        KeyBinding(key: .char("r"), action: .resample, help: "resample", group: "Schedule"),
        KeyBinding(key: .char("R"), action: .reroll, help: "new seed", group: "Schedule"),

        KeyBinding(key: .char("e"), action: .runELBO, help: "ELBO: start / stop", group: "ELBO and training", hint: true),
        KeyBinding(key: .char("m"), action: .nextEstimator, help: "ELBO estimator", group: "ELBO and training"),
        KeyBinding(key: .char("d"), action: .elboTarget, help: "ELBO on sample / held-out set", group: "ELBO and training"),
        KeyBinding(
            key: .char("s"), action: .sweepStartStop, help: "held-out sweep: start / stop", group: "ELBO and training",
            hint: true),
        KeyBinding(
            key: .char("t"), action: .trainStartPause, help: "train: start / pause", group: "ELBO and training", hint: true)
    ]

    private static let general: [KeyBinding<WorkbenchAction>] = [
        KeyBinding(key: .tab, action: .nextTab, help: "next tab", group: "General"),
        KeyBinding(key: .backTab, action: .previousTab, help: "previous tab", group: "General"),
        KeyBinding(key: .char("1"), action: .tab(.tokens), help: "tokens", group: "General"),
        KeyBinding(key: .char("2"), action: .tab(.image), help: "image", group: "General"),
        KeyBinding(key: .char("3"), action: .tab(.compare), help: "compare", group: "General"),
        KeyBinding(key: .char("4"), action: .tab(.elbo), help: "ELBO", group: "General"),
        KeyBinding(key: .char("5"), action: .tab(.train), help: "train", group: "General"),
        KeyBinding(key: .char("6"), action: .tab(.models), help: "models", group: "General"),
        KeyBinding(key: .char(":"), action: .command, help: "command line", group: "General", hint: true),
        KeyBinding(key: .char("T"), action: .nextTheme, help: "next theme", group: "General"),
        KeyBinding(key: .char("E"), action: .export, help: "export trajectory, screen, PNG", group: "General"),
        KeyBinding(key: .char("?"), action: .help, help: "help", group: "General", hint: true),
        KeyBinding(key: .function(1), action: .help, help: "help", group: "General"),
        KeyBinding(key: .escape, action: .closeOverlay, help: "close help / command line", group: "General"),
        KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General", hint: true),
        KeyBinding(key: .ctrl("c"), action: .quit, help: "quit", group: "General")
    ]
}
