import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The token view from a hand-built branch, and its layout.
struct TokenRowViewTests {
    static let model = try! WorkbenchModel(name: "countdown", loaded: LoadedModel(path: demoPath("countdown")))

    /// prompt [p0 p1], four generated positions; step 1 commits position 3, step 2 position 2.
    static func branch(block: Int? = nil) -> Branch {
        let m = model.maskId
        var config = SamplerConfig.defaults(for: .llada)
        config.generationLength = 4
        config.blockLength = block
        let initial: [[Int32]] = [[1, 2, m, m, m, m]]
        let step1 = TrajectoryStep(
            index: 0, t: 0.75,
            rows: [
                RowStep(
                    tokens: [1, 2, m, 5, m, m],
                    commits: [Commit(position: 3, token: 5, confidence: 0.9, candidates: [])], block: 0, nfe: 1)
            ])
        let step2 = TrajectoryStep(
            index: 1, t: 0.5,
            rows: [
                RowStep(
                    tokens: [1, 2, 6, 5, m, m],
                    commits: [Commit(position: 2, token: 6, confidence: 0.3, candidates: [])], block: 0, nfe: 2)
            ])
        return Branch(id: 0, name: "main", config: config, seed: 0, initialTokens: initial, inherited: [step1, step2])
    }

    /// t after the last step: 0 once sampling finished, the last step's start while it runs or
    /// when an error cut it short (a dead backend's sample once read t 0.00 with masks left).
    @Test func timeAfterTheLastStepIsZeroOnlyWhenSamplingFinished() {
        var b = Self.branch()
        #expect(b.time(after: 0) == 1 && b.time(after: 1) == 0.5 && b.time(after: 2) == 0.5)
        b.finished = true
        #expect(b.time(after: 2) == 0)
        b.error = "the backend exited"
        #expect(b.time(after: 2) == 0.5)
    }

    @Test func statesAtEachStep() {
        let b = Self.branch()
        let m = Self.model
        let at0 = TokenRowView.make(branch: b, row: 0, step: 0, model: m, promptLength: 2, cursor: nil, coloring: .confidence)
        #expect(at0.states == [.prompt, .prompt, .masked, .masked, .masked, .masked])
        let at2 = TokenRowView.make(branch: b, row: 0, step: 2, model: m, promptLength: 2, cursor: 4, coloring: .commitOrder)
        #expect(at2.states == [.prompt, .prompt, .new(confidence: 0.3), .earlier(step: 1, confidence: 0.9), .masked, .masked])
        #expect(at2.labels[4] == "░")
        #expect(at2.labels[3] == m.label(5))
    }

    @Test func blockStartsAndLayoutWrap() {
        let view = TokenRowView.make(
            branch: Self.branch(block: 2), row: 0, step: 0, model: Self.model, promptLength: 2,
            cursor: nil, coloring: .confidence)
        #expect(view.blockStarts == [4])
        let layout = TokenFlow.layout(labels: ["a", "bb", "c", "d"], joins: false, blockStarts: [2], width: 7, height: 5)
        // "a bb" then a block divider: " ┊ c" does not fit in 7, so c wraps.
        #expect(layout.map { $0?.x } == [0, 2, 0, 2])
        #expect(layout.map { $0?.y } == [0, 0, 1, 1])
        #expect(TokenFlow.hit(x: 3, y: 0, labels: ["a", "bb", "c", "d"], layout: layout) == 1)
        #expect(TokenFlow.hit(x: 1, y: 0, labels: ["a", "bb", "c", "d"], layout: layout) == nil)
        let full = TokenFlow.layout(labels: ["a", "b", "c"], joins: true, blockStarts: [], width: 2, height: 1)
        #expect(full.map { $0 == nil } == [false, false, true])
    }

    @Test func paneStylesFollowTheTheme() {
        let theme = Theme.default
        let view = TokenRowView.make(
            branch: Self.branch(), row: 0, step: 2, model: Self.model, promptLength: 2, cursor: 3,
            coloring: .confidence)
        let pane = TokenTrajectoryPane(view: view, theme: theme)
        let buffer = draw(width: 30, height: 2) { pane.render(in: $0.area, buffer: &$0) }
        let layout = TokenFlow.layout(labels: view.labels, joins: view.joinsTokens, blockStarts: [], width: 30, height: 2)
        let cell = { (i: Int) in buffer[layout[i]!.x, layout[i]!.y] }
        #expect(cell(4).fg == theme[.masked].fg ?? .default)
        #expect(cell(4).scalar == "░")
        #expect(cell(0).attrs.contains(.underline))  // prompt
        #expect(cell(2).attrs.contains(.bold))  // committed this step
        #expect(cell(2).fg == theme.gradient(.confidence).color(at: 0.3))
        #expect(cell(3).attrs.contains(.reverse))  // the cursor
        #expect(!cell(3).attrs.contains(.bold))
    }

    /// With the cache colouring, positions the viewed step served from the key/value cache are
    /// dim and the computed ones keep their colours; other colourings ignore the record.
    @Test func cacheColouringDimsWhatTheStepDidNotCompute() {
        var b = Self.branch()
        b.steps[1].rows[0].computed = 2..<4
        let theme = Theme.default
        for coloring in [TokenColoring.cache, .confidence] {
            let view = TokenRowView.make(
                branch: b, row: 0, step: 2, model: Self.model, promptLength: 2, cursor: nil, coloring: coloring)
            #expect(view.computed == 2..<4)
            let buffer = draw(width: 30, height: 2) {
                TokenTrajectoryPane(view: view, theme: theme).render(in: $0.area, buffer: &$0)
            }
            let layout = TokenFlow.layout(labels: view.labels, joins: view.joinsTokens, blockStarts: [], width: 30, height: 2)
            let cell = { (i: Int) in buffer[layout[i]!.x, layout[i]!.y] }
            #expect(cell(2).fg == theme.gradient(.confidence).color(at: 0.3))  // computed, committed now
            let dimmed = cell(4).fg == theme[.dim].fg ?? .default && cell(0).fg == theme[.dim].fg ?? .default
            #expect(dimmed == (coloring == .cache), "\(coloring)")
            #expect(cell(0).attrs.contains(.underline))  // still the prompt
        }
        #expect(TokenColoring.confidence.next.next.next == .confidence)
    }
}

/// A bundled demo model folder, found from this file's location.
func demoPath(_ name: String) -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Examples/models/\(name)").path
}
