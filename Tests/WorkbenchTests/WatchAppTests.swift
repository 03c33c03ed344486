import Foundation
import Terminal
import Testing

@testable import Workbench

private typealias F = WatchFixtures

/// The watch screen on `TestBackend`-style buffers: the fixture runs overlaid, the ready marker,
/// warnings in the status bar, and keys (smoothing, run toggle, help from the key map, quit).
struct WatchAppTests {
    /// An app over the three fixture runs whose first tick delivers one synchronous poll.
    static func app(size: Size = Size(width: 120, height: 34)) throws -> (WatchApp, WatchModel) {
        let model = WatchModel(sources: try WatchSource.resolve(F.runs.map(F.path)))
        nonisolated(unsafe) var pending: WatchSnapshot?
        model.poll()
        pending = model.snapshot
        var app = WatchApp(sources: model.sources, theme: .default, library: nil, depth: .palette256) {
            defer { pending = nil }
            return pending
        }
        _ = app.handle(.resize(size))
        return (app, model)
    }

    static func screen(_ app: WatchApp, _ size: Size = Size(width: 120, height: 34)) -> Buffer {
        draw(width: size.width, height: size.height) { app.renderFrame(into: &$0) }
    }

    @Test func readingUntilTheFirstPollThenWatching() throws {
        var (app, _) = try Self.app()
        let before = Self.screen(app).lines
        #expect(before.last!.contains("reading 3 runs…"))
        #expect(before.joined().contains("reading…"))
        #expect(app.handle(.tick) == .continue)
        let after = Self.screen(app).lines
        #expect(after.last!.contains("watching 3 runs · 4 files"))
        #expect(app.handle(.tick) == .idle, "no newer snapshot: nothing to draw")
    }

    @Test func threeRunsOverlaidSnapshot() throws {
        var (app, _) = try Self.app()
        _ = app.handle(.tick)
        let buffer = Self.screen(app)
        expectSnapshot(buffer, named: "WatchThreeRuns")
        let text = buffer.lines.joined(separator: "\n")
        for run in F.runs { #expect(text.contains(run)) }
        #expect(text.contains("1 ● trl_grpo") && text.contains("step 60"))
        #expect(
            buffer.lines[buffer.height - 2].contains("g next metric · } more smoothing · z zoom in · T next theme"),
            "hint bar from the key map")
    }

    @Test func keysChangeTheViewAndHelpListsTheKeyMap() throws {
        var (app, _) = try Self.app()
        _ = app.handle(.tick)
        _ = app.handle(.key(.char("}")))
        #expect(Self.screen(app).lines.last!.hasSuffix("EMA 0.65 · all steps "))
        _ = app.handle(.key(.char("z")))
        #expect(Self.screen(app).lines.last!.contains("last 50 steps"))
        _ = app.handle(.key(.char("2")))
        #expect(app.view.hiddenRuns == ["espo"])
        #expect(Self.screen(app).lines.contains { $0.contains("2 ○ espo") && $0.contains("hidden") })
        _ = app.handle(.key(.char("g")))
        #expect(app.view.selectedMetric == "kl")
        _ = app.handle(.key(.char("?")))
        let help = Self.screen(app).lines.joined(separator: "\n")
        #expect(help.contains("Keys · ? or Esc closes"))
        for entry in WatchApp.keyMap.helpSections.flatMap(\.entries).prefix(12) {
            #expect(help.contains(entry.help), "\(entry.help)")
        }
        _ = app.handle(.key(.char("x")))
        #expect(!app.showHelp, "any key closes help")
        #expect(app.handle(.key(.char("q"))) == .quit)
    }

    @Test func newestWarningIsInTheStatusBar() throws {
        let dir = try F.temporaryDirectory()
        try F.append(Array("{\"step\": 1, \"reward\": 0.5}\nnot json\n".utf8), to: dir + "/metrics.jsonl")
        let model = WatchModel(sources: try WatchSource.resolve([dir]))
        model.poll()
        let snapshot = model.snapshot
        nonisolated(unsafe) var pending: WatchSnapshot? = snapshot
        var app = WatchApp(sources: model.sources, theme: .default, library: nil, depth: .palette256) {
            defer { pending = nil }
            return pending
        }
        _ = app.handle(.tick)
        let status = Self.screen(app).lines.last!
        #expect(status.contains("watching 1 run · 1 warning: metrics.jsonl:2: not a JSON object; line skipped"))
        #expect(!status.contains("EMA"), "the warning gets the whole row")
    }

    @Test func tooSmallSaysWhatItNeeds() throws {
        let (app, _) = try Self.app()
        let text = Self.screen(app, Size(width: 40, height: 10)).lines.joined()
        #expect(text.contains("60×16"))
    }
}
