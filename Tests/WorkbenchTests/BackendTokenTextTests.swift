import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// Token text on demand (docs/backend-protocol.md §3, `tokens`): the lines, and the workbench asking
/// for the ids it shows, once each, with a placeholder until the text comes.
struct BackendTokenTextTests {
    /// A hello without a vocabulary, from a backend that answers `tokens`.
    static func hello() -> BackendHello {
        BackendCodecTests.hello([
            "token_text": NSNull(),
            "capabilities": [
                "strategies": ["llada"], "remasking": ["low-confidence"], "elbo": ["espo"], "guidance": false, "tokens": true
            ]
        ])
    }

    static func started() -> (WorkbenchState, [WorkbenchEffect]) {
        var state = WorkbenchState(
            model: WorkbenchModel(backend: hello()), catalog: ModelCatalog(entries: []), theme: .default,
            themeNames: ["default"], runRoot: WorkbenchAppTests.runRoot)
        state.backend = BackendState(location: "local pipe", device: "cpu")
        _ = WorkbenchReducer.reduce(&state, .resize(Size(width: 120, height: 40)))
        let effects = WorkbenchReducer.reduce(&state, .start)
        return (state, effects)
    }

    static func asked(_ effects: [WorkbenchEffect]) -> [[Int32]] {
        effects.compactMap { if case let .engine(.tokenText(ids)) = $0 { ids } else { nil } }
    }

    @Test func theRequestAndItsReplyTravelAsLines() throws {
        let line = BackendCodec.encode(.tokens(id: 3, ids: [0, 2]))
        let object = try #require(JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["type"] as? String == "tokens" && object["id"] as? Int == 3 && object["ids"] as? [Int] == [0, 2])
        #expect(
            try BackendCodec.decode(#"{"type":"tokens","id":3,"text":{"0":"a","2":"\n"}}"#, lineNumber: 7)
                == .tokens(id: 3, text: [0: "a", 2: "\n"]))
        #expect(throws: BackendProtocolError(description: "backend stdout line 7: field 'text.x': not a token id")) {
            try BackendCodec.decode(#"{"type":"tokens","id":3,"text":{"x":"a"}}"#, lineNumber: 7)
        }
        #expect(Self.hello().capabilities.tokens && Self.hello().tokenText == nil)
        #expect(!BackendCodecTests.hello().capabilities.tokens, "a backend that does not say so is never asked")
    }

    @Test func idsShowAPlaceholderUntilTheirTextArrives() {
        var (state, effects) = Self.started()
        #expect(Self.asked(effects) == [[0, 1]], "the prompt's ids, at the start")
        #expect(state.model.display([0, 1, 4]) == ["…", "…", "░"])
        let screen = BackendReducerTests.screen(state).joined(separator: "\n")
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.tokenText([0: "a", 1: "\n"]))))
        #expect(state.model.display([0, 1, 4]) == ["a", "␊", "░"])
        #expect(state.backend?.textAsked.isEmpty == true)
        #expect(BackendReducerTests.screen(state).joined(separator: "\n") != screen, "the reply redraws the tokens")
        #expect(state.model.learnedText([0, 1, 3]) == [0: "a", 1: "\n"], "exports carry the text as decoded")
    }

    /// Sampled tokens and candidates are asked for as they arrive, but never an id already on its
    /// way or known; a restart's hello asks again for what died unanswered.
    @Test func idsInFlightOrKnownAreNotAskedAgain() {
        var (state, _) = Self.started()
        let tag = RequestTag(lane: .branch(0), number: state.branch.request)
        let commit = Commit(
            position: 2, token: 3, confidence: 0.5,
            candidates: [Candidate(token: 3, probability: 0.5), Candidate(token: 2, probability: 0.2)])
        let step = TrajectoryStep(
            index: 0, t: 1, rows: [RowStep(tokens: [0, 1, 3, 4, 4, 4, 4, 4], commits: [commit], block: 0, nfe: 1)])
        let first = WorkbenchReducer.reduce(&state, .engine(.samplingSteps(tag, [step], SamplerStatistics())))
        #expect(Self.asked(first) == [[2, 3]], "0 and 1 are in flight since the start")
        #expect(Self.asked(WorkbenchReducer.reduce(&state, .engine(.samplingSteps(tag, [step], SamplerStatistics())))).isEmpty)
        _ = WorkbenchReducer.reduce(&state, .engine(.backend(.tokenText([0: "a", 1: "b", 2: "\n", 3: " "]))))
        #expect(Self.asked(WorkbenchReducer.reduce(&state, .engine(.samplingSteps(tag, [step], SamplerStatistics())))).isEmpty)

        var restarted = Self.started().0
        restarted.backend?.textAsked = [0, 1]
        _ = WorkbenchReducer.reduce(&restarted, .engine(.backend(.down("backend exited with status 1"))))
        #expect(restarted.backend?.textAsked.isEmpty == true)
        let hello = WorkbenchReducer.reduce(&restarted, .engine(.backend(.ready(model: "tiny", device: "cpu"))))
        #expect(Self.asked(hello) == [[0, 1]], "asked again after the process that owed them died")
    }

    /// `sample --backend` prints text as decoded, a newline as a newline: it printed the
    /// display glyphs ("␊"), unlike a local sample.
    @Test func decodedTextIsTheRawText() {
        var model = WorkbenchModel(backend: Self.hello())
        model.learn([0: "a", 2: "\n"])
        #expect(model.display([0, 2, 0]).joined() == "a␊a")
        #expect(model.decodedText([0, 2, 0]) == "a\na")
    }
}
