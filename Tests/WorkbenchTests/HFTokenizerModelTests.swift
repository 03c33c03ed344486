import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// A model folder whose tokenizer is a Hugging Face tokenizer.json opens as a text model: tokens
/// show as text with their spaces and byte pieces marked, and a typed prompt goes through the
/// chat template unless `:chat off`.
struct HFTokenizerModelTests {
    static let fixtures =
        String(#filePath.dropLast("WorkbenchTests/HFTokenizerModelTests.swift".count))
        + "TokenizersTests/Fixtures"

    /// A random one-layer model with the byte-level fixture's vocabulary and Qwen3's template.
    static func model() throws -> (WorkbenchModel, folder: String) {
        let folder = FileManager.default.temporaryDirectory.path + "/unmask-hf-model-\(UInt64.random(in: 0...UInt64.max))"
        let checkpoint = Checkpoint(directory: folder)
        let tokenizer = try ModelTokenizer.load(from: fixtures + "/bytelevel.json")
        let config = ModelConfig(vocabSize: tokenizer.vocabSize, dModel: 16, nLayers: 1, nHeads: 2, maxSeqLen: 128)
        try checkpoint.save(ModelParameters(config: config))
        try FileManager.default.copyItem(atPath: fixtures + "/bytelevel.json", toPath: folder + "/tokenizer.json")
        try FileManager.default.copyItem(
            atPath: fixtures + "/chat/qwen3.tokenizer_config.json", toPath: folder + "/tokenizer_config.json")
        return (WorkbenchModel(name: "hf", loaded: try LoadedModel(path: folder)), folder)
    }

    @Test func tokensReadAsTextWithVisibleSpacesAndBytes() throws {
        let (model, folder) = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .text(let t) = model.kind else {
            Issue.record("expected a text model")
            return
        }
        #expect(!model.joinsTokens)
        let ids = try t.encode("Hello the world 𝄞")
        let labels = model.display(ids)
        #expect(labels.contains { $0.hasPrefix("␣") })
        #expect(labels.contains("<F0>"))
        #expect(!labels.contains { $0.contains(" ") })
        #expect(model.label(model.maskId) == "░")
    }

    @Test func typedPromptIsWrappedUnlessChatIsOff() throws {
        let (model, folder) = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .text(let t) = model.kind else { return }
        let wrapped = model.problem(prompt: 0, text: "hi", generationLength: 8, chat: true).prompts[0]
        #expect(wrapped == (try t.encode("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")))
        let raw = model.problem(prompt: 0, text: "hi", generationLength: 8, chat: false).prompts[0]
        #expect(raw == (try t.encode("hi")))
    }
}

/// `:chat off` and `:chat on` resample the typed prompt as typed or wrapped.
struct ChatCommandReducerTests {
    @Test func chatCommandSwitchesTheWrapping() throws {
        let (model, folder) = try HFTokenizerModelTests.model()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .text(let t) = model.kind else { return }
        var state = WorkbenchState(
            model: model, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"],
            runRoot: WorkbenchAppTests.runRoot)
        _ = WorkbenchReducer.reduce(&state, .start)
        let wrapped = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt hi")))
        #expect(wrapped.first?.problem.prompts[0] == (try t.encodePrompt("hi", chat: true)))
        let raw = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("chat off")))
        #expect(raw.first?.problem.prompts[0] == (try t.encode("hi")))
        #expect(state.notice == "prompts are used as typed")
        _ = WorkbenchReducer.reduce(&state, .command("chat on"))
        #expect(state.notice?.contains("ChatML") == true)
        _ = WorkbenchReducer.reduce(&state, .command("chat maybe"))
        #expect(state.noticeIsError)
    }
}
