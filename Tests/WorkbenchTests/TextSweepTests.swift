import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// The held-out sweep of a text model: prompts are the first held-out windows of its training
/// text cut before the viewed branch's generation length, the figure is `ContinuationEvaluator`'s
/// NELBO per token of the continuations; the reducer validates what the job is asked.
@Suite(.serialized)
struct TextSweepTests {
    static let text = WorkbenchModel(name: "text", loaded: try! LoadedModel(path: demoPath("text")))

    static func sweepRequest(_ effects: [WorkbenchEffect]) -> SweepRequest? {
        effects.compactMap { e -> SweepRequest? in if case let .engine(.sweep(r)) = e { r } else { nil } }.first
    }

    @Test func aTextSweepContinuesHeldOutWindowsAtTheBranchLength() throws {
        var state = SweepTests.state(Self.text)
        let length = state.branch.config.generationLength
        let request = try #require(Self.sweepRequest(WorkbenchReducer.reduce(&state, .command("sweep 4"))))
        guard case let .text(_, window)? = Self.text.loaded?.dataset else {
            Issue.record("the text model records its training text")
            return
        }
        #expect(request.source == .text(promptLength: window - length))
        #expect(request.items == 4 && state.sweep.source == request.source && state.tab == .elbo)
        let labels = request.configs.map(\.label)
        #expect(labels.contains("llada steps \(length)") && labels.contains("threshold 0.7") && labels.contains("eb γ 1"))
        #expect(labels.last?.hasPrefix("current") == true)
        for c in request.configs {
            #expect(c.config.generationLength == length, "\(c.label)")
            #expect(c.config.temperature == state.branch.config.temperature, "\(c.label)")
        }
    }

    @Test func blockDecodingAddsTheCacheModes() throws {
        var state = SweepTests.state(Self.text)
        _ = WorkbenchReducer.reduce(&state, .command("set block 16"))
        let request = try #require(Self.sweepRequest(WorkbenchReducer.reduce(&state, .command("sweep 2"))))
        let labels = request.configs.map(\.label)
        #expect(labels.contains("current, cache prefix") && labels.contains("current, cache dual"))
        let dual = try #require(request.configs.first { $0.label == "current, cache dual" })
        #expect(dual.config.cache == .dual && dual.config.blockLength == 16)
    }

    @Test func aLengthThatLeavesNoPromptIsRefused() {
        var state = SweepTests.state(Self.text)
        _ = WorkbenchReducer.reduce(&state, .command("set length 64"))
        #expect(state.branch.config.generationLength == 64)
        let effects = WorkbenchReducer.reduce(&state, .command("sweep"))
        #expect(Self.sweepRequest(effects) == nil && !state.sweep.running)
        #expect(state.noticeIsError && state.notice?.contains("leaves no prompt") == true)
    }

    /// The job's figures are the evaluator's on the first held-out windows, config by config.
    @Test func theJobScoresHeldOutContinuationsAsTheEvaluatorDoes() throws {
        let loaded = try #require(Self.text.loaded)
        var base = Self.text.defaultConfig()
        base.generationLength = 24
        let configs = Array(SweepConfig.defaults(around: base).prefix(2))
        let messages = SweepTests.run(
            SweepRequest(request: 3, configs: configs, items: 3, source: .text(promptLength: 40)), model: Self.text)
        let last = try #require(messages.compactMap { if case let .sweep(p) = $0 { p } else { nil } }.last)
        #expect(last.finished && last.items == 3 && last.results.map(\.label) == configs.map(\.label))
        let source = try #require(
            try loaded.dataset?.open(seed: 0, tokenizer: loaded.tokenizer).0 as? TextSource)
        let prompts = source.testWindows().prefix(3).map { Array($0.prefix(40)) }
        #expect(prompts[0] == Array(source.tokens[source.testStart..<source.testStart + 40]))
        for (config, result) in zip(configs, last.results) {
            let expected = try loaded.networks.with(rows: EngineWorker.textSweepBatch, seqLen: 64) { network in
                try loaded.networks.with(rows: EngineWorker.textSweepBatch, seqLen: 64) { scoring in
                    try ContinuationEvaluator.evaluate(
                        model: network, scorer: ELBOEvaluator(model: scoring), prompts: prompts, config: config.config,
                        batchSize: EngineWorker.textSweepBatch)
                }
            }
            #expect(result.figure == .nelboPerToken(expected.nelboPerToken), "\(config.label)")
            #expect(result.meanNFE == expected.meanNFE, "\(config.label)")
        }
    }
}
