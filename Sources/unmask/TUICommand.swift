import ArgumentParser
import Foundation
import MaskedDiffusion
import Terminal
import TerminalGallery
import Workbench

extension ColorChoice: ExpressibleByArgument {}

/// `unmask tui` (and `unmask` alone): the workbench on a model folder, or with `--gallery` the
/// terminal layer's widget gallery. Wiring only: the apps, session and themes live in the
/// Workbench and Terminal libraries.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the workbench: trajectories, schedule editor, compare, ELBO, live RL training ('?' for keys).",
        discussion: """
            Without --model the bundled demo models (Examples/models) are offered, countdown first; \
            the Models tab (6) switches between them and ':model PATH' opens any model folder.
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

    @Option(help: "Theme name or path to a .toml theme file (default: the last one chosen, else default).")
    var theme: String?

    @Option(help: "Use colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Model folder to open (a checkpoint, a run folder, or a Hugging Face checkpoint folder).")
    var model: String?

    @Option(
        help: ArgumentHelp(
            "Shell command that starts a backend process (docs/backend-protocol.md); every sampling, prediction and ELBO job runs there.",
            valueName: "CMD"))
    var backend: String?

    @Option(help: "Seconds to wait for the backend's hello (a large model loads first).")
    var backendTimeout = 600.0

    @Option(name: .customLong("run"), help: "Folder the Train tab writes its ESPO run to (default runs/MODEL-espo).")
    var runFolder: String?

    @Flag(help: "Open the terminal widget gallery instead of the workbench.")
    var gallery = false

    @Flag(help: "Print the workbench's key reference (Markdown, from the binding table) and exit.")
    var keys = false

    func validate() throws {
        // The backend holds the model: --model beside it was once dropped without a word.
        if backend != nil, model != nil {
            throw ValidationError("--backend runs the backend's own model: drop --model (or --backend to open it here)")
        }
    }

    func run() throws {
        if keys {
            print(KeyReference.markdown())
            return
        }
        let preferencesFile = PreferencesFile()
        var preferences = Preferences()
        var preferencesWarning: String?
        do { preferences = try preferencesFile.read() } catch {
            preferencesWarning = "preferences: \(error); using none"
            printError("unmask: " + preferencesWarning!)
        }
        let library = ThemeLibrary.standard()
        let (loaded, warning) = library.loadOrDefault(theme ?? preferences.theme ?? "default")
        if let warning { printError("unmask: theme \(warning); using the default theme") }
        var catalog = ModelCatalog.bundled()
        var workbenchModel: WorkbenchModel?
        var engine: ProcessEngine?
        if let backend, !gallery {
            try checkBackendCommand(backend)
            FullScreen.printError("unmask: starting the backend: \(backend)")
            let process = ProcessEngine(command: backend)
            do {
                workbenchModel = WorkbenchModel(backend: try process.waitForHello(timeout: backendTimeout))
            } catch {
                process.shutdown()
                printError("unmask: \(error)")
                throw ExitCode(2)
            }
            engine = process
        } else if !gallery {
            // The last model opened, when no --model says otherwise and it can still be opened.
            if model == nil, let last = preferences.lastModel,
                let opened = try? WorkbenchModel(
                    name: catalog.putting(path: last).entries[0].name, loaded: LoadedModel(path: last))
            {
                catalog = catalog.putting(path: last)
                workbenchModel = opened
            } else {
                if let model { catalog = catalog.putting(path: model) }
                let entry =
                    model != nil
                    ? catalog.entries.first
                    : catalog.entries.first { $0.name == "countdown" } ?? catalog.entries.first
                guard let entry else {
                    printError("unmask: no model to open: no Examples/models here; pass --model DIR")
                    throw ExitCode(2)
                }
                do {
                    workbenchModel = WorkbenchModel(name: entry.name, loaded: try LoadedModel(path: entry.path))
                } catch {
                    printError("unmask: \(error)")
                    throw ExitCode(2)
                }
            }
        }
        let notice = warning.map { "theme \($0) (using default)" } ?? preferencesWarning
        if gallery {
            try FullScreen.run(color: color) { session in
                GalleryApp(
                    theme: loaded, library: library, depth: session.depth,
                    depthReason: session.colorDecision.reason, notice: notice)
            }
            return
        }
        try FullScreen.run(
            color: color,
            { _ in
                var app =
                    if let engine, let backend {
                        WorkbenchApp(
                            model: workbenchModel!, catalog: catalog, theme: loaded, library: library, engine: engine,
                            backend: BackendState(
                                location: BackendState.location(of: backend), device: workbenchModel!.backend!.device),
                            notice: notice, runFolder: runFolder)
                    } else {
                        WorkbenchApp(
                            model: workbenchModel!, catalog: catalog, theme: loaded, library: library, notice: notice,
                            runFolder: runFolder)
                    }
                app.preferencesFile = preferencesFile
                app.preferences = preferences
                return app
            },
            after: { app in
                if app.engine.isTraining { print("unmask: stopping the RL run (its last finished round is saved)…") }
                app.shutdown()
            })
    }

    private func printError(_ message: String) { FullScreen.printError(message) }
}
