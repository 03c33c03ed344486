import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The step × position map (`M` on the Tokens tab) and the cursor's beliefs over steps: built
/// from a hand-made branch whose answer at position 4 changes before it is committed, drawn
/// cell by cell, and on the real countdown model at the three window sizes.
@Suite(.serialized)
struct StepPositionMapTests {
    static let model = TokenRowViewTests.model

    static func belief(_ position: Int, _ token: Int32, _ p: Float) -> PositionBelief {
        PositionBelief(position: position, token: token, probability: p, entropy: 1 - p, margin: p / 2)
    }

    /// prompt [1 2], four generated positions. Step 1 commits 3 (0.95); step 2 commits 2 (0.3);
    /// step 3 commits 4 and 5. Position 4's argmax goes 7 → 8 → 7 before it is committed.
    static func branch(beliefs: Bool = true) -> Branch {
        let m = model.maskId
        var config = SamplerConfig.defaults(for: .llada)
        config.generationLength = 4
        func step(_ index: Int, _ tokens: [Int32], _ commits: [Commit], _ b: [PositionBelief]) -> TrajectoryStep {
            TrajectoryStep(
                index: index, t: 1,
                rows: [RowStep(tokens: tokens, commits: commits, block: 0, nfe: index + 1, beliefs: beliefs ? b : nil)])
        }
        let steps = [
            step(
                0, [1, 2, m, 5, m, m], [Commit(position: 3, token: 5, confidence: 0.95, candidates: [])],
                [belief(2, 6, 0.2), belief(3, 5, 0.95), belief(4, 7, 0.5), belief(5, 9, 0.1)]),
            step(
                1, [1, 2, 6, 5, m, m], [Commit(position: 2, token: 6, confidence: 0.3, candidates: [])],
                [belief(2, 6, 0.3), belief(4, 8, 0.4), belief(5, 9, 0.2)]),
            step(
                2, [1, 2, 6, 5, 7, 9],
                [
                    Commit(position: 4, token: 7, confidence: 0.8, candidates: []),
                    Commit(position: 5, token: 9, confidence: 0.6, candidates: [])
                ],
                [belief(4, 7, 0.8), belief(5, 9, 0.6)])
        ]
        return Branch(id: 0, name: "main", config: config, seed: 0, initialTokens: [[1, 2, m, m, m, m]], inherited: steps)
    }

    static func map(cursor: Int = 4, step: Int = 2, beliefs: Bool = true) -> StepPositionMap {
        StepPositionMap.make(branch: branch(beliefs: beliefs), row: 0, step: step, model: model, promptLength: 2, cursor: cursor)
    }

    @Test func commitStepsAndTheCursorsBeliefs() {
        let map = Self.map()
        #expect(map.columns.map(\.position) == [2, 3, 4, 5])
        #expect(map.columns.map(\.step) == [2, 1, 3, 3])
        #expect(map.columns.map(\.confidence) == [0.3, 0.95, 0.8, 0.6])
        #expect(map.columns.map(\.isCursor) == [false, false, true, false])
        #expect(map.beliefs.map(\.step) == [1, 2, 3])
        #expect(map.beliefs.map(\.belief.token) == [7, 8, 7])
        #expect(map.beliefs.map(\.changed) == [false, true, true])
        #expect(map.beliefs.map(\.committed) == [false, false, true])
        #expect(map.cursorLabel == Self.model.label(7))
        #expect(map.recordsBeliefs)
        let old = Self.map(beliefs: false)
        #expect(!old.recordsBeliefs && old.beliefs.isEmpty && old.columns == map.columns)
    }

    @Test func theMapShadesCommitsAndReversesTheCursorColumn() {
        let theme = Theme.default
        let screen = draw(width: 12, height: 4) {
            StepPositionMapPane(map: Self.map(), theme: theme).render(in: Rect(x: 0, y: 0, width: 12, height: 4), buffer: &$0)
        }
        #expect(screen.lines == ["step 2345   ", "   1 ·█··   ", "▸  2 ░ ··   ", "   3   ▓▒   "])
        #expect(screen[7, 0].attrs.contains(.reverse))
        #expect(screen[7, 2].attrs.contains(.reverse))
        #expect(!screen[6, 2].attrs.contains(.reverse))
        // Steps after the viewed one are dim; two lines for three steps group them in pairs.
        #expect(screen[7, 3].attrs.contains(.dim))
        let grouped = draw(width: 12, height: 3) {
            StepPositionMapPane(map: Self.map(), theme: theme).render(in: Rect(x: 0, y: 0, width: 12, height: 3), buffer: &$0)
        }
        #expect(grouped.lines == ["step 2345   ", "▸  1 ░█··   ", "   3   ▓▒   "])
    }

    @Test func aWindowOfColumnsFollowsTheCursor() {
        let pane = StepPositionMapPane(map: Self.map(cursor: 5), theme: .default)
        #expect(pane.visibleColumns(width: 2).map(\.position) == [4, 5])
        #expect(pane.visibleColumns(width: 10).map(\.position) == [2, 3, 4, 5])
    }

    /// In a narrow pane the margin column gives way, so a long argmax token ('<answer>', as at
    /// 80×24) and its p and H stay whole; a wide pane keeps all columns.
    @Test func aNarrowBeliefTableDropsTheMarginNotTheToken() {
        var map = Self.map()
        for i in map.beliefs.indices { map.beliefs[i].label = "<answer>" }
        func table(width: Int) -> [String] {
            let screen = draw(width: width, height: 7) {
                CursorBeliefPane(map: map, theme: .default).render(in: Rect(x: 0, y: 0, width: width, height: 7), buffer: &$0)
            }
            return screen.lines.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let narrow = table(width: 34)
        #expect(narrow[2].hasPrefix("step") && !narrow[2].contains("marg"), "\(narrow)")
        #expect(narrow[5].contains("'<answer>'") && narrow[5].contains("0.80") && narrow[5].contains("0.20"), "\(narrow)")
        #expect(table(width: 60)[2].contains("margin"))
    }

    @Test func theBeliefTableMarksTheChangedAnswer() {
        let label = Self.model.label(7)
        let screen = draw(width: 40, height: 7) {
            CursorBeliefPane(map: Self.map(), theme: .default).render(in: Rect(x: 0, y: 0, width: 40, height: 7), buffer: &$0)
        }
        let lines = screen.lines.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines[0] == "@4 committed '\(label)' at step 3, p 0.80")
        #expect(lines[1].hasPrefix("p "))
        #expect(lines[2].hasPrefix("step") && lines[2].contains("margin"))
        #expect(lines[4].contains("0.40") && lines[4].contains("0.60") && lines[4].contains("↺"))
        #expect(lines[5].contains("0.80") && lines[5].hasSuffix("↺✓"))
        let old = draw(width: 40, height: 3) {
            CursorBeliefPane(map: Self.map(beliefs: false), theme: .default)
                .render(in: Rect(x: 0, y: 0, width: 40, height: 3), buffer: &$0)
        }
        #expect(old.lines[1].hasPrefix("no beliefs recorded"))
    }

    @Test func mTogglesTheMapAndReturnsToTheTokensTab() {
        var state = WorkbenchReducerTests.started().0
        state.tab = .elbo
        _ = WorkbenchReducer.reduce(&state, .key(.char("M")))
        #expect(state.timeline.showsMap && state.tab == .tokens)
        _ = WorkbenchReducer.reduce(&state, .key(.char("M")))
        #expect(!state.timeline.showsMap)
    }

    /// The real countdown model halfway through its trajectory, at every window size: the map,
    /// the cursor's beliefs and the schedule all on screen, no value cut ("…").
    @Test func countdownMapAtEverySize() {
        var app = WorkbenchAppTests.app(WorkbenchAppTests.countdown)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        for key in ["M", "l", "l", "l"] { _ = app.handle(.key(.char(Unicode.Scalar(key)!))) }
        _ = app.handle(.key(.home))
        for _ in 0..<8 { _ = app.handle(.key(.right)) }
        for size in LayoutSnapshotTests.sizes {
            _ = app.handle(.resize(size))
            var pinned = app
            pinned.state.branches[0].seconds = 0.25
            pinned.state.notice = nil
            let screen = draw(width: size.width, height: size.height) { pinned.renderFrame(into: &$0) }
            let body = screen.lines.dropFirst(2).dropLast(2)
            #expect(body.contains { $0.contains("Step × position") }, "\(size): no map")
            #expect(body.contains { $0.contains("margin") }, "\(size): no belief table")
            #expect(!body.contains { $0.contains("…") }, "\(size): a value is cut")
            expectSnapshot(screen, named: "Layout-tokens-map-\(size.width)x\(size.height)")
        }
    }
}
