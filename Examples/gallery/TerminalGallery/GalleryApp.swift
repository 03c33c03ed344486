import Terminal

/// `unmask tui`: a widget gallery and demo dashboard that exercises every widget, theme switching,
/// the help overlay and the key-hint bar. The workbench replaces the content with real panes,
/// reusing the session, loop and widgets.
public struct GalleryApp: App {
    public enum Action: Hashable, Sendable {
        case quit, help, close, nextTab, previousTab, tab(Int), nextTheme, pause
        case smoothMore, smoothLess, up, down, pageUp, pageDown, top, bottom
    }

    public static let tabTitles = ["1 Dashboard", "2 Table", "3 Colours"]

    public static let keyMap = KeyMap<Action>([
        KeyBinding(key: .tab, action: .nextTab, help: "next tab", group: "Navigation", hint: true),
        KeyBinding(key: .backTab, action: .previousTab, help: "previous tab", group: "Navigation"),
        KeyBinding(key: .char("1"), action: .tab(0), help: "dashboard", group: "Navigation"),
        KeyBinding(key: .char("2"), action: .tab(1), help: "table", group: "Navigation"),
        KeyBinding(key: .char("3"), action: .tab(2), help: "colours", group: "Navigation"),
        KeyBinding(key: .up, action: .up, help: "previous row", group: "Navigation"),
        KeyBinding(key: .char("k"), action: .up, help: "previous row", group: "Navigation"),
        KeyBinding(key: .down, action: .down, help: "next row", group: "Navigation"),
        KeyBinding(key: .char("j"), action: .down, help: "next row", group: "Navigation"),
        KeyBinding(key: .pageUp, action: .pageUp, help: "page up", group: "Navigation"),
        KeyBinding(key: .pageDown, action: .pageDown, help: "page down", group: "Navigation"),
        KeyBinding(key: .home, action: .top, help: "first row", group: "Navigation"),
        KeyBinding(key: .end, action: .bottom, help: "last row", group: "Navigation"),
        KeyBinding(key: .char("t"), action: .nextTheme, help: "next theme", group: "View", hint: true),
        KeyBinding(key: .char(" "), action: .pause, help: "pause / resume", group: "View", hint: true),
        KeyBinding(key: .char("+"), action: .smoothMore, help: "more smoothing", group: "View", hint: true),
        KeyBinding(key: .char("-"), action: .smoothLess, help: "less smoothing", group: "View"),
        KeyBinding(key: .char("?"), action: .help, help: "help", group: "General", hint: true),
        KeyBinding(key: .function(1), action: .help, help: "help", group: "General"),
        KeyBinding(key: .escape, action: .close, help: "close help", group: "General"),
        KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General", hint: true),
        KeyBinding(key: .ctrl("c"), action: .quit, help: "quit", group: "General")
    ])

    public var theme: Theme
    public var themeNames: [String]
    public var themeIndex = 0
    /// Shown in the status bar (e.g. a theme file that did not parse).
    public var notice: String?
    public let library: ThemeLibrary?
    public let depth: ColorDepth
    public let depthReason: String
    public var size = Size(width: 0, height: 0)

    public var tab = 0
    public var frame = 0
    public var paused = false
    public var smoothing = 0.6
    public var showHelp = false
    public var selectedRow = 0
    public var lastKey = "-"
    public var lastMouse = "-"
    public let tableRows = 40

    public init(theme: Theme, library: ThemeLibrary?, depth: ColorDepth, depthReason: String = "", notice: String? = nil) {
        self.theme = theme
        self.library = library
        self.depth = depth
        self.depthReason = depthReason
        self.notice = notice
        themeNames = library?.availableNames() ?? [theme.name]
        themeIndex = themeNames.firstIndex(of: theme.name) ?? 0
    }

    public var minimumSize: Size { Size(width: 60, height: 18) }

    public mutating func handle(_ event: Event) -> AppFlow {
        switch event {
        case .tick:
            if !paused { frame += 1 }
        case let .resize(s):
            size = s
        case let .mouse(m):
            lastMouse = "\(m.kind) \(m.x),\(m.y)"
            handleMouse(m)
        case let .key(key):
            lastKey = key.description
            if showHelp, key != .char("q") {
                showHelp = false
                return .continue
            }
            if let action = Self.keyMap.action(for: key) { return perform(action) }
        }
        return .continue
    }

    /// Mouse: click a tab to select it; wheel moves the table selection.
    private mutating func handleMouse(_ m: MouseEvent) {
        switch m.kind {
        case .press(.left):
            let tabs = Tabs(Self.tabTitles, selected: tab)
            if let t = tabs.hitTest(x: m.x, y: m.y, in: GalleryLayout(size: size).tabs) { tab = t }
        case .wheelUp: selectedRow = max(0, selectedRow - 1)
        case .wheelDown: selectedRow = min(tableRows - 1, selectedRow + 1)
        default: break
        }
    }

    public mutating func perform(_ action: Action) -> AppFlow {
        switch action {
        case .quit: return .quit
        case .help: showHelp.toggle()
        case .close: showHelp = false
        case .nextTab: tab = (tab + 1) % Self.tabTitles.count
        case .previousTab: tab = (tab + Self.tabTitles.count - 1) % Self.tabTitles.count
        case let .tab(i): tab = i
        case .nextTheme: switchTheme()
        case .pause: paused.toggle()
        case .smoothMore: smoothing = min(0.95, smoothing + 0.05)
        case .smoothLess: smoothing = max(0, smoothing - 0.05)
        case .up: selectedRow = max(0, selectedRow - 1)
        case .down: selectedRow = min(tableRows - 1, selectedRow + 1)
        case .pageUp: selectedRow = max(0, selectedRow - 10)
        case .pageDown: selectedRow = min(tableRows - 1, selectedRow + 10)
        case .top: selectedRow = 0
        case .bottom: selectedRow = tableRows - 1
        }
        return .continue
    }

    /// Cycles through the themes on the search path; a theme that fails to load is skipped with
    /// its error shown in the status bar.
    private mutating func switchTheme() {
        guard let library, themeNames.count > 1 else { return }
        let next = library.loadNext(after: themeIndex, in: themeNames)
        themeIndex = next.index
        switch next.result {
        case let .success(t):
            theme = t
            notice = nil
        case let .failure(e):
            notice = e.description
        }
    }
}
