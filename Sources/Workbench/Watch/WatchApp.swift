import Terminal

/// `unmask watch`: live curves of one or more runs read from their metric files, overlaid per
/// metric with one colour per run.
///
/// The app never reads a file: `updates` (a `WatchPoller`'s `takeSnapshot`) is asked once per
/// tick for a newer snapshot, which is only swapped in; a tick without one draws nothing. Keys go through one `KeyMap`, which
/// also draws the help overlay and the hint bar.
public struct WatchApp: App {
    enum Action: Hashable, Sendable {
        case curves(CurvesAction)
        case nextTheme, help, close, quit
    }

    static let keyMap = KeyMap<Action>(
        CurvesAction.bindings(group: "Curves").map { $0.map(Action.curves) } + [
            KeyBinding(key: .char("T"), action: .nextTheme, help: "next theme", group: "General", hint: true),
            KeyBinding(key: .char("?"), action: .help, help: "help", group: "General", hint: true),
            KeyBinding(key: .function(1), action: .help, help: "help", group: "General"),
            KeyBinding(key: .escape, action: .close, help: "close help", group: "General"),
            KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General", hint: true),
            KeyBinding(key: .ctrl("c"), action: .quit, help: "quit", group: "General")
        ])

    let sources: [WatchSource]
    var snapshot = WatchSnapshot()
    var view: CurvesViewState
    var showHelp = false
    var theme: Theme
    let library: ThemeLibrary?
    let depth: ColorDepth
    /// Shown in the status bar until the next theme switch (a theme file that did not parse).
    var notice: String?
    private var themeNames: [String]
    private var themeIndex: Int
    private let updates: () -> WatchSnapshot?

    public init(
        sources: [WatchSource], theme: Theme, library: ThemeLibrary?, depth: ColorDepth,
        view: CurvesViewState = CurvesViewState(), notice: String? = nil, updates: @escaping () -> WatchSnapshot?
    ) {
        self.sources = sources
        self.theme = theme
        self.library = library
        self.depth = depth
        self.view = view
        self.notice = notice
        self.updates = updates
        themeNames = library?.availableNames() ?? [theme.name]
        themeIndex = themeNames.firstIndex(of: theme.name) ?? 0
    }

    public var minimumSize: Size { Size(width: 60, height: 16) }

    /// Every problem met so far, oldest first: the status bar has room for the newest only, so
    /// `unmask watch` prints them all when it ends.
    public var warnings: [String] { snapshot.warnings }

    public mutating func handle(_ event: Event) -> AppFlow {
        switch event {
        case .tick:
            guard let newer = updates() else { return .idle }  // nothing new: no frame to draw
            snapshot = newer
        case .key(let key):
            if showHelp, key != .char("q"), key != .ctrl("c") {
                showHelp = false
                return .continue
            }
            if let action = Self.keyMap.action(for: key) { return perform(action) }
        case .resize, .mouse:
            break
        }
        return .continue
    }

    mutating func perform(_ action: Action) -> AppFlow {
        switch action {
        case .curves(let a): view.perform(a, on: snapshot.series)
        case .nextTheme: switchTheme()
        case .help: showHelp.toggle()
        case .close: showHelp = false
        case .quit: return .quit
        }
        return .continue
    }

    /// The next theme on the search path that loads; one that fails is skipped, its error shown.
    private mutating func switchTheme() {
        guard let library, themeNames.count > 1 else { return }
        let next = library.loadNext(after: themeIndex, in: themeNames)
        themeIndex = next.index
        switch next.result {
        case .success(let t):
            theme = t
            notice = nil
        case .failure(let e):
            notice = "theme " + e.description
        }
    }
}
