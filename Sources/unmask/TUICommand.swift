import ArgumentParser
import Foundation
import Terminal

extension ColorChoice: ExpressibleByArgument {}

/// `unmask tui`: the widget gallery / demo dashboard on the terminal layer. Wiring only: the
/// app, session and themes live in the Terminal library.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal widget gallery (charts, image, table, themes, help on '?').",
        discussion: """
            Themes: --theme NAME looks for NAME.toml in $UNMASK_THEMES (colon-separated folders), \
            then $XDG_CONFIG_HOME/unmask/themes (~/.config/unmask/themes), then a Themes folder next \
            to the executable or up to four folders above it (the package's Themes/). --theme PATH \
            loads a file. A theme that does not parse is reported as file:line: key 'x': problem \
            and the default theme is used.
            Colour: truecolor when the terminfo entry has RGB, or COLORTERM=truecolor and a *-direct \
            entry exists; else 256, 16, 8 or none. NO_COLOR (non-empty) or --color never turns \
            colour off; --color always ignores NO_COLOR.
            Exit status: 0 on q, 128+N after signal N, 2 when the terminal cannot be used.
            """)

    @Option(help: "Theme name or path to a .toml theme file.")
    var theme = "default"

    @Option(help: "Use colour: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let library = ThemeLibrary.standard()
        let (loaded, warning) = library.loadOrDefault(theme)
        if let warning { printError("unmask: theme \(warning); using the default theme") }
        let session: TerminalSession
        do {
            session = try TerminalSession.start(color: color)
        } catch {
            printError("unmask: \(error)")
            throw ExitCode(error.exitCode)
        }
        var app = GalleryApp(theme: loaded, library: library, depth: session.depth,
                             depthReason: session.colorDecision.reason,
                             notice: warning.map { "theme \($0) (using default)" })
        let end = session.run(&app)
        session.stop()
        switch end {
        case .quit: print("unmask: bye")
        case let .signal(s): print("unmask: bye (signal \(s))")
        }
        if end != .quit { throw ExitCode(end.exitStatus) }
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
