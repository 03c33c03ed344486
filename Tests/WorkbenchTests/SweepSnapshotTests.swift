import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The ELBO tab with a finished held-out sweep (run on the engine) at the three window sizes, for
/// a task model (success) and the text model (NELBO per token): every config's label and figures
/// are on screen whole, and the layout is pinned.
@Suite(.serialized)
struct SweepSnapshotTests {
    @Test func aFinishedSweepAtEverySize() throws {
        try Self.sweep(WorkbenchAppTests.countdown, items: 8, snapshot: "Sweep-elbo")
    }

    @Test func aFinishedTextSweepAtEverySize() throws {
        try Self.sweep(TextSweepTests.text, items: 4, snapshot: "Sweep-text-elbo", caption: "lower is better")
    }

    /// Runs `:sweep items` on `model`, then checks and snapshots the tab at every size.
    static func sweep(_ model: WorkbenchModel, items: Int, snapshot: String, caption: String? = nil) throws {
        var app = WorkbenchAppTests.app(model)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        app.execute("sweep \(items)")
        WorkbenchAppTests.settle(&app) { $0.state.sweep.progress?.finished == true }
        let progress = try #require(app.state.sweep.progress)
        #expect(progress.finished && progress.results.count == app.state.sweep.configs.count)
        #expect(app.state.tab == .elbo)
        for size in LayoutSnapshotTests.sizes {
            _ = app.handle(.resize(size))
            var pinned = app
            for i in pinned.state.branches.indices { pinned.state.branches[i].seconds = 0.25 }
            // Figures pinned too: another CPU's BLAS rounding may move a NELBO's last digit.
            for i in progress.results.indices {
                pinned.state.sweep.progress?.results[i] = Self.pinned(progress.results[i], index: i)
            }
            pinned.state.notice = nil
            let screen = draw(width: size.width, height: size.height) { pinned.renderFrame(into: &$0) }
            let text = screen.lines.joined(separator: "\n")
            for r in pinned.state.sweep.progress?.results ?? [] {
                let row = try #require(screen.lines.first { $0.contains(r.label) }, "\(r.label) at \(size)")
                #expect(row.contains(SweepPane.format(r.figure)), "\(r.label) at \(size): figure cut")
                #expect(row.contains(String(format: "%.1f", r.meanNFE)), "\(r.label) at \(size): NFE cut")
            }
            #expect(text.contains("\(progress.items) held-out prompts per config · done"), "\(size)")
            if let caption { #expect(text.contains(caption), "\(size): the chart says which way is better") }
            expectSnapshot(screen, named: "\(snapshot)-\(size.width)x\(size.height)")
        }
    }

    /// `result` with fixed figures of its own kind, NFE and time (the layout is what is pinned;
    /// `SweepTests` and `TextSweepTests` check the engine's figures).
    static func pinned(_ result: SweepResult, index i: Int) -> SweepResult {
        var r = result
        switch r.figure {
        case .success: r.figure = .success(rate: 0.5 + 0.0625 * Double(i % 5), meanReward: 0.5)
        case .nelboPerToken: r.figure = .nelboPerToken(1.25 + 0.125 * Double(i % 5))
        }
        r.meanNFE = Double(16 - i)
        r.seconds = 0.5
        return r
    }
}
