import ArgumentParser
import Foundation
import Terminal
import Workbench

/// `unmask watch PATH…`: live curves of runs written by anyone (wiring only; the app, model and
/// poller live in Workbench/Watch).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch training runs live: metrics.jsonl, TensorBoard event files, HF trainer_state.json.",
        discussion: """
            Each PATH is a run: a folder (its metrics.jsonl, events.out.tfevents.* and \
            trainer_state.json files, up to two folders down, as HF/TRL write <output_dir>/runs/… \
            and <output_dir>/checkpoint-N/) or one such file. Several runs are overlaid per metric, \
            one colour each. Files are followed as they grow; new event files are picked up. \
            TRL, ESPO, d1/dllm and HF metric names are merged (reward, kl, clip_ratio, \
            completion_length, …). Keys: '?' in the app.
            Themes and colour as for `unmask tui`.
            Exit status: 0 on q, 128+N after signal N, 2 for a bad PATH or an unusable terminal.
            """)

    @Argument(help: "Run folders or metric files.")
    var paths: [String] = []

    @Option(help: "Theme name or path to a .toml theme file.")
    var theme = "default"

    @Option(help: "Use colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(parsing: .unconditional, help: "Seconds between checks of the files for new data.")
    var interval = 0.25

    func validate() throws {
        guard interval > 0, interval <= 60 else { throw ValidationError("--interval must be in (0, 60] seconds") }
    }

    func run() throws {
        let sources: [WatchSource]
        do { sources = try WatchSource.resolve(paths) } catch { throw ValidationError(error.description) }
        let library = ThemeLibrary.standard()
        let (loaded, warning) = library.loadOrDefault(theme)
        if let warning { FullScreen.printError("unmask: theme \(warning); using the default theme") }
        let poller = WatchPoller(model: WatchModel(sources: sources), interval: interval)
        try FullScreen.run(color: color, framesPerSecond: 10) { session in
            poller.start()
            return WatchApp(
                sources: sources, theme: loaded, library: library, depth: session.depth,
                notice: warning.map { "theme \($0) (using default)" }, updates: poller.takeSnapshot)
        } after: { app in
            poller.stop()
            let warnings = app.warnings
            if !warnings.isEmpty {
                FullScreen.printError(
                    "unmask watch: \(warnings.count) warning\(warnings.count == 1 ? "" : "s"):\n"
                        + warnings.map { "  " + $0 }.joined(separator: "\n"))
            }
        }
    }
}
