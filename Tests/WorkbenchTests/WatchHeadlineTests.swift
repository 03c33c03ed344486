import Foundation
import Terminal
import Testing

@testable import Workbench

/// README's `unmask watch` screenshot of the ESPO headline: the held-out success of ESPO, d1 and
/// wd1 on Countdown (seed 0, 1,000 optimizer steps), from the runs' own metrics.jsonl trimmed by
/// Fixtures/espo_headline/make_fixture.py.
struct WatchHeadlineTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/espo_headline").path
    static let runs = ["espo", "d1", "wd1"]
    static let size = Size(width: 120, height: 30)

    @Test func headlineRunsOverlaidOnHeldOutSuccess() throws {
        let model = WatchModel(sources: try WatchSource.resolve(Self.runs.map { Self.folder + "/" + $0 }))
        model.poll()
        nonisolated(unsafe) var pending: WatchSnapshot? = model.snapshot
        var app = WatchApp(sources: model.sources, theme: .default, library: nil, depth: .palette256) {
            defer { pending = nil }
            return pending
        }
        _ = app.handle(.resize(Self.size))
        _ = app.handle(.tick)
        var presses = 0
        while app.view.selectedMetric != "eval/success" && presses < 10 {
            _ = app.handle(.key(.char("g")))
            presses += 1
        }
        #expect(app.view.selectedMetric == "eval/success", "g reaches the held-out success")
        _ = app.handle(.key(.char("o")))  // one chart
        while app.view.smoothing > 0 && presses < 40 {  // the evaluations as measured
            _ = app.handle(.key(.char("{")))
            presses += 1
        }
        #expect(app.view.layout == .single && app.view.smoothing == 0)
        let buffer = draw(width: Self.size.width, height: Self.size.height) { app.renderFrame(into: &$0) }
        expectSnapshot(buffer, named: "WatchESPOHeadline")
        let text = buffer.lines.joined(separator: "\n")
        for run in Self.runs { #expect(text.contains(run)) }
        #expect(text.contains("eval/success") && text.contains("step 1000"))
    }
}
