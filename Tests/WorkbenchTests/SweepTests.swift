import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// The held-out sweep: the engine job's figures are `TaskEvaluator`'s (what `unmask eval` runs)
/// for the same configs and items; the reducer validates, starts, updates and drops stale progress.
/// The text-model path is in `TextSweepTests`.
struct SweepTests {
    static let model = WorkbenchAppTests.countdown

    /// Runs `request` on a worker and returns every message until it finishes or fails (60 s at most).
    static func run(_ request: SweepRequest, model: WorkbenchModel = model) -> [EngineMessage] {
        let worker = EngineWorker(name: "sweep-test")
        defer { worker.shutdown() }
        let inbox = Inbox<EngineMessage>()
        worker.sweep(request, model: model, inbox: inbox)
        var seen: [EngineMessage] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            seen += inbox.drain()
            if seen.contains(where: {
                if case let .sweep(p) = $0 { p.finished } else if case .sweepFailed = $0 { true } else { false }
            }) {
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return seen
    }

    @Test func sweepFiguresEqualTheEvaluatorsForTheSameConfigsAndItems() throws {
        let task = try #require(Self.model.task)
        let loaded = try #require(Self.model.loaded)
        var base = Self.model.defaultConfig()
        base.generationLength = task.completionLength
        let configs = Array(SweepConfig.defaults(around: base).prefix(3))
        let items = 8
        let messages = Self.run(SweepRequest(request: 7, configs: configs, items: items))
        let progress = messages.compactMap { if case let .sweep(p) = $0 { p } else { nil } }
        let last = try #require(progress.last)
        #expect(last.finished && last.request == 7 && last.items == items)
        #expect(last.results.map(\.label) == configs.map(\.label))
        #expect(progress.contains { !$0.finished && $0.itemsDone > 0 }, "progress is posted while a config decodes")
        #expect(
            progress.contains { $0.results.count == 1 && $0.itemsDone == 0 && !$0.finished },
            "a config's row is posted as it finishes, not with the next config's first batch")
        for (config, result) in zip(configs, last.results) {
            let expected = try loaded.networks.with(
                rows: EngineWorker.sweepBatch, seqLen: task.promptLength + task.completionLength
            ) {
                try TaskEvaluator.evaluate(
                    model: $0, task: task, items: Array(task.testItems.prefix(items)), config: config.config,
                    batchSize: EngineWorker.sweepBatch)
            }
            #expect(
                result.figure == .success(rate: expected.metrics.successRate, meanReward: expected.metrics.meanReward),
                "\(config.label)")
            #expect(result.meanNFE == expected.meanNFE, "\(config.label)")
        }
    }

    @Test func aTextModelFailsWithAReason() {
        let worker = EngineWorker(name: "sweep-test")
        defer { worker.shutdown() }
        let inbox = Inbox<EngineMessage>()
        worker.sweep(SweepRequest(request: 1, configs: [], items: 4), model: WorkbenchAppTests.glyphs, inbox: inbox)
        let deadline = Date().addingTimeInterval(10)
        var seen: [EngineMessage] = []
        while seen.isEmpty && Date() < deadline {
            seen = inbox.drain()
            Thread.sleep(forTimeInterval: 0.01)
        }
        guard case let .sweepFailed(request, text)? = seen.first else {
            Issue.record("expected a failure, got \(seen)")
            return
        }
        #expect(request == 1 && text.contains("task or text model"))
    }

    static func state(_ model: WorkbenchModel = model) -> WorkbenchState {
        var state = WorkbenchState(
            model: model, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"],
            runRoot: WorkbenchAppTests.runRoot)
        _ = WorkbenchReducer.reduce(&state, .start)
        return state
    }

    @Test func sweepCommandAsksForValidConfigsOnTheELBOTab() throws {
        var state = Self.state()
        let effects = WorkbenchReducer.reduce(&state, .command("sweep 12"))
        let request = try #require(
            effects.compactMap { e -> SweepRequest? in
                if case let .engine(.sweep(r)) = e { r } else { nil }
            }.first)
        #expect(request.items == 12 && request.request == state.sweep.request)
        #expect(request.configs.count >= 6 && request.configs.map(\.label) == state.sweep.configs.map(\.label))
        #expect(request.configs.last?.label.hasPrefix("current") == true)
        let task = try #require(state.model.task)
        for c in request.configs {
            #expect(state.model.problems(config: c.config, problem: SamplingProblem(rows: 1, prompt: [0])).isEmpty, "\(c.label)")
            #expect(c.config.generationLength == task.completionLength)
        }
        #expect(state.tab == .elbo && state.sweep.running)
    }

    @Test func badArgumentsAndStaleProgressAreRefused() {
        var state = Self.state()
        for bad in ["sweep 0", "sweep -3", "sweep many"] {
            let effects = WorkbenchReducer.reduce(&state, .command(bad))
            #expect(effects.isEmpty && state.noticeIsError && state.notice?.contains("usage: sweep") == true, "\(bad)")
        }
        _ = WorkbenchReducer.reduce(&state, .command("sweep 4"))
        let current = state.sweep.request
        let stale = SweepProgress(request: current - 1, items: 4, results: [], itemsDone: 3, finished: false)
        _ = WorkbenchReducer.reduce(&state, .engine(.sweep(stale)))
        #expect(state.sweep.progress == nil)
        let fresh = SweepProgress(request: current, items: 4, results: [], itemsDone: 2, finished: false)
        _ = WorkbenchReducer.reduce(&state, .engine(.sweep(fresh)))
        #expect(state.sweep.progress == fresh)
        let stop = WorkbenchReducer.reduce(&state, .command("sweep stop"))
        #expect(!state.sweep.running)
        #expect(stop.contains { if case .engine(.cancel(.sweep)) = $0 { true } else { false } })
        // Progress arriving after the stop is not shown as running.
        _ = WorkbenchReducer.reduce(
            &state, .engine(.sweep(SweepProgress(request: current, items: 4, results: [], itemsDone: 4, finished: false))))
        #expect(state.sweep.progress?.itemsDone == 2)
    }

    @Test func aSweepOnAnImageModelSaysWhy() {
        var state = WorkbenchState(
            model: WorkbenchAppTests.glyphs, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"],
            runRoot: WorkbenchAppTests.runRoot)
        _ = WorkbenchReducer.reduce(&state, .start)
        let effects = WorkbenchReducer.reduce(&state, .command("sweep"))
        #expect(!effects.contains { if case .engine(.sweep) = $0 { true } else { false } })
        #expect(state.noticeIsError && state.notice?.contains("task or text model") == true)
    }
}
