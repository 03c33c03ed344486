import Foundation
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// The workbench driven in-process: key events in, engine messages drained by ticks, screens
/// compared with snapshots. Timing figures on screen are pinned before a snapshot.
@Suite(.serialized)
struct WorkbenchAppTests {
    /// The demo models' tokenizers and settings with scripted logits (`ScriptedNetworks`), so
    /// the screens below do not depend on their trained weights or on BLAS rounding.
    static let countdown = ScriptedNetworks.countdown(try! LoadedModel(path: demoPath("countdown")))
    static let glyphs = ScriptedNetworks.glyphs(try! LoadedModel(path: demoPath("glyphs")))

    /// An empty run root: runs trained from the working directory never reach a test's screens.
    static let runRoot = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-runs-\(UUID())").path

    static func app(_ model: WorkbenchModel = countdown, runRoot: String = runRoot) -> WorkbenchApp {
        var app = WorkbenchApp(
            model: model,
            catalog: ModelCatalog(entries: [
                .init(name: "countdown", path: demoPath("countdown")), .init(name: "glyphs", path: demoPath("glyphs"))
            ]), theme: .default, library: nil, runRoot: runRoot)
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        return app
    }

    /// Ticks until `done` holds (the engine thread fills the state meanwhile), at most 60 s.
    static func settle(_ app: inout WorkbenchApp, until done: (WorkbenchApp) -> Bool) {
        let deadline = Date().addingTimeInterval(60)
        while !done(app) && Date() < deadline {
            _ = app.tick()
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    static func finished(_ app: WorkbenchApp) -> Bool {
        app.state.branches.allSatisfy(\.finished) && (app.state.compare?.finished ?? true)
    }

    /// The screen with run-to-run variation removed: the seconds.
    static func screen(_ app: WorkbenchApp) -> Buffer {
        var app = app
        for i in app.state.branches.indices { app.state.branches[i].seconds = 0.25 }
        app.state.compare?.seconds = 0.5
        return draw(width: 120, height: 40) { app.renderFrame(into: &$0) }
    }

    @Test func tokensTabSamplesScrubsAndSnapshots() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        #expect(app.state.branch.steps.count == 16)
        #expect(app.state.timeline.step == 16)
        #expect(app.state.branch.outcome?.rewards.count == 1)
        expectSnapshot(Self.screen(app), named: "WorkbenchTokens")
        _ = app.handle(.key(.home))
        _ = app.handle(.key(.right))
        _ = app.handle(.key(.right))
        #expect(app.state.timeline.step == 2)
        // The cursor sits on a masked position at step 2: the engine is asked for its candidates.
        app.state.timeline.cursor = app.state.problem.promptLength + 15
        _ = app.perform(.cursorRight)
        _ = app.perform(.cursorLeft)
        Self.settle(&app, until: { !$0.state.cursorCandidates().isEmpty })
        #expect(app.state.cursorCandidates().count == 5)
        expectSnapshot(Self.screen(app), named: "WorkbenchTokensStep2")
    }

    @Test func knobChangesResampleWithTheSameSeed() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        let before = app.state.branch.steps.last!.rows[0].tokens
        app.state.selectedKnob = ScheduleKnob.visible(for: app.state.config).firstIndex(of: .steps)!
        _ = app.perform(.decrease)
        #expect(app.state.config.steps == 14)
        Self.settle(&app, until: Self.finished)
        #expect(app.state.branch.steps.count == 14)
        _ = app.execute("set steps 16")
        Self.settle(&app, until: Self.finished)
        #expect(app.state.branch.steps.last!.rows[0].tokens == before, "same config and seed, same sample")
        _ = app.execute("set steps nope")
        #expect(app.state.noticeIsError)
        #expect(app.state.notice == "steps: 'nope' is not an integer in 1…4096")
        _ = app.execute("set steps 2000000000")
        #expect(app.state.notice == "steps: '2000000000' is not an integer in 1…4096")
        #expect(app.state.config.steps == 16)
        // A command that works replaces the last one's error with its own confirmation.
        _ = app.execute("set seed 3")
        #expect(!app.state.noticeIsError && app.state.notice == "seed set to 3")
        _ = app.execute("prompt 99999")
        #expect(app.state.noticeIsError)
        _ = app.execute("prompt 7")
        #expect(!app.state.noticeIsError && app.state.notice == "prompt: held-out item 7")
        _ = app.execute("units 0")
        _ = app.execute("units 500")
        #expect(!app.state.noticeIsError && app.state.elbo.maxUnits == 500)
    }

    @Test func branchKeepsTheParentPrefixAndPinsACandidate() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        _ = app.perform(.jumpStart)
        for _ in 0..<4 { _ = app.perform(.stepForward) }
        let mainAt4 = app.state.branch.tokens(row: 0, at: 4)
        let masked = mainAt4.indices.last { mainAt4[$0] == app.state.model.maskId }!
        // Arrive at the masked position with the cursor keys, which ask for its predictions.
        let last = mainAt4.count - 1
        app.state.timeline.cursor = masked == last ? masked - 1 : masked + 1
        _ = app.perform(masked == last ? .cursorRight : .cursorLeft)
        Self.settle(&app, until: { !$0.state.cursorCandidates().isEmpty })
        _ = app.perform(.override)
        Self.settle(&app, until: Self.finished)
        #expect(app.state.branches.count == 2)
        let b = app.state.branch
        #expect(b.forkStep == 4)
        #expect(Array(b.steps.prefix(4)) == Array(app.state.branches[0].steps.prefix(4)))
        let pinned = b.pinned!
        #expect(pinned.position == masked)
        #expect(b.steps.last!.rows[0].tokens[masked] == pinned.token)
        expectSnapshot(Self.screen(app), named: "WorkbenchBranch")
    }

    @Test func compareTabSamplesBothConfigs() {
        var app = Self.app()
        defer { app.shutdown() }
        _ = app.perform(.tab(.compare))
        Self.settle(&app, until: Self.finished)
        #expect(app.state.compare?.steps.count == 4)
        expectSnapshot(Self.screen(app), named: "WorkbenchCompare")
    }

    @Test func imageTabShowsOneTilePerClass() {
        var app = Self.app(Self.glyphs)
        defer { app.shutdown() }
        #expect(app.state.tab == .image)
        Self.settle(&app, until: Self.finished)
        #expect(app.state.imageTiles().count == 10, "one tile per class of the glyphs model, all 10")
        _ = app.perform(.jumpStart)
        _ = app.perform(.stepForward)
        expectSnapshot(Self.screen(app), named: "WorkbenchImageStep1")
    }

    @Test func modelsTabLoadsAnotherModel() {
        var app = Self.app()
        defer { app.shutdown() }
        _ = app.perform(.tab(.models))
        _ = app.perform(.selectDown)
        // The snapshot shows the folders as a user who ran `unmask` in the checkout sees them
        // (the test's own paths are absolute and differ between clones).
        var shown = app
        shown.state.catalog = ModelCatalog(
            entries: app.state.catalog.entries.map { .init(name: $0.name, path: "Examples/models/" + $0.name) })
        expectSnapshot(Self.screen(shown), named: "WorkbenchModels")
        _ = app.perform(.editValue)
        #expect(app.state.model.name == "glyphs")
        #expect(app.state.tab == .image)
    }

    @Test func elboRunsUntilItsUnitsAndTheErrorShrinks() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        _ = app.execute("units 64")
        _ = app.perform(.tab(.elbo))
        _ = app.perform(.runELBO)
        Self.settle(&app, until: { !$0.state.elbo.running })
        let p = app.state.elbo.progress!
        #expect(p.mean.count == 64)
        let errors = p.history.map(\.error).filter(\.isFinite)
        #expect(errors.last! < errors.first!)
        #expect(p.bitsPerToken > 0 && p.bitsPerToken < 4)
    }

    /// An estimate stopped before its first unit arrived says "stopped", not "idle" (it once
    /// looked as if e had not been pressed); starting again clears it.
    @Test func anEstimateStoppedBeforeItsFirstUnitSaysStopped() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        _ = app.perform(.tab(.elbo))
        _ = app.perform(.runELBO)
        _ = app.perform(.runELBO)
        #expect(!app.state.elbo.running && app.state.elbo.progress == nil)
        let pane = { (app: WorkbenchApp) in Self.screen(app).lines.joined(separator: "\n") }
        #expect(pane(app).contains("stopped (e restarts)") && !pane(app).contains("idle (e starts)"))
        _ = app.perform(.runELBO)
        #expect(app.state.elbo.running && pane(app).contains("running… (e stops)"))
    }

    @Test func helpAndCommandLineShowTheirText() {
        var app = Self.app()
        defer { app.shutdown() }
        _ = app.handle(.key(.char("?")))
        let help = Self.screen(app).lines.joined(separator: "\n")
        #expect(help.contains("pin next candidate at cursor (branch)"))
        _ = app.handle(.key(.escape))
        _ = app.handle(.key(.char(":")))
        for c in "set block 4".unicodeScalars { _ = app.handle(.key(.char(c))) }
        #expect(Self.screen(app).lines[38].hasPrefix(":set block 4"))
        _ = app.handle(.key(.enter))
        #expect(app.state.config.blockLength == 4)
        #expect(app.state.command == nil)
    }

    @Test func mouseClicksLandOnWhatIsDrawnThere() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        let layout = WorkbenchLayout(Rect(x: 0, y: 0, width: 120, height: 40))
        // A token: find where position p is drawn, click it.
        let b = app.state.branch, p = app.state.problem.promptLength + 5
        let view = TokenRowView.make(
            branch: b, row: 0, step: b.steps.count, model: app.state.model,
            promptLength: app.state.problem.promptLength, cursor: nil, coloring: .confidence)
        let tokens = WorkbenchLayout.trajectoryText(in: layout.tokens.trajectory, hasPrompt: true).tokens
        let flow = TokenFlow.layout(
            labels: view.labels, joins: view.joinsTokens, blockStarts: view.blockStarts,
            width: tokens.width, height: tokens.height)
        let cell = flow[p]!
        _ = app.handle(.mouse(MouseEvent(.press(.left), x: tokens.x + cell.x, y: tokens.y + cell.y)))
        #expect(app.state.timeline.cursor == p)
        #expect(Self.screen(app)[tokens.x + cell.x, tokens.y + cell.y].attrs.contains(.reverse))
        // A knob row of the schedule editor.
        let schedule = layout.mainAndSchedule.schedule
        _ = app.handle(.mouse(MouseEvent(.press(.left), x: schedule.x + 3, y: schedule.y + 3)))
        #expect(app.state.selectedKnob == 2)
        // The wheel scrubs; a tab title switches tabs.
        _ = app.handle(.mouse(MouseEvent(.wheelUp, x: 10, y: 10)))
        #expect(app.state.timeline.step == b.steps.count - 1)
        let tabs = Tabs(WorkbenchTab.allCases.map(\.title), selected: 0)
        let x = (0..<120).first { tabs.hitTest(x: $0, y: layout.tabs.y, in: layout.tabs) == WorkbenchTab.elbo.rawValue }!
        _ = app.handle(.mouse(MouseEvent(.press(.left), x: x, y: layout.tabs.y)))
        #expect(app.state.tab == .elbo)
    }

    @Test func resamplingDoesNotStopTheELBOEstimate() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        _ = app.execute("units 48")
        _ = app.perform(.runELBO)
        #expect(app.state.elbo.running)
        _ = app.perform(.reroll)
        Self.settle(&app, until: { !$0.state.elbo.running && Self.finished($0) })
        #expect(app.state.elbo.progress?.mean.count == 48)
        #expect(app.state.branch.seed == 1)
    }

    /// Settings that cannot run are refused before any job starts: the sample on screen stays.
    @Test func aSettingThatCannotRunIsRefusedAndTheSampleStays() {
        var app = Self.app()
        defer { app.shutdown() }
        Self.settle(&app, until: Self.finished)
        let before = app.state.branch.steps
        _ = app.execute("set length 500")
        Self.settle(&app, until: Self.finished)
        #expect(app.state.notice?.contains("exceeds the model's") == true)
        #expect(app.state.noticeIsError)
        #expect(app.state.branch.error == nil)
        #expect(app.state.branch.steps == before)
    }

}
