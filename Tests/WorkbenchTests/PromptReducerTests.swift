import ESPO
import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// `:prompt` on a task model: a number picks a held-out item, text is the user's own prompt
/// (README's `:prompt 25 3 7=46` was once refused), scored when it is in the task's format.
struct TaskPromptReducerTests {
    @Test func typedPromptsSampleScoredWhenWellFormedAndNumbersGoBackToItems() throws {
        var (state, _) = WorkbenchReducerTests.started()
        let task = try #require(state.model.task)
        let typed = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt 25 3 7=46")))
        #expect(typed.count == 1)
        #expect(typed.first?.problem.prompts[0] == (try task.prompt(typed: "25 3 7=46")))
        #expect(typed.first?.item == task.item(parsing: "25 3 7=46") && typed.first?.item != nil)
        #expect(state.promptLine == "25 3 7=46")
        let free = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt 25 3=8")))
        #expect(free.count == 1 && free.first?.item == nil, "not a countdown prompt: nothing to score against")

        let long = WorkbenchReducer.reduce(&state, .command("prompt 25 3 7 8 9 10 11 12 13=46"))
        #expect(WorkbenchReducerTests.samples(long).isEmpty && state.noticeIsError)

        let item = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt 3")))
        #expect(item.first?.item == task.testItems[3])
        #expect(item.first?.problem.prompts[0] == task.example(for: task.testItems[3]).prompt)

        // `:prompt` alone goes back to the held-out item, and says so (it once did so silently).
        _ = WorkbenchReducer.reduce(&state, .command("prompt 25 3 7=46"))
        let back = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt")))
        #expect(back.first?.item == task.testItems[3])
        #expect(state.notice == "prompt: held-out item 3 (:prompt N picks another, :prompt TEXT types one)")
    }
}

/// `:prompt` on a text model: the text as typed, spaces kept.
struct TextPromptReducerTests {
    /// To a character model a trailing space is a token: `:prompt The sampler ` once lost it
    /// (the README's `--prompt "The sampler "` could not be typed in the workbench).
    @Test func aTypedPromptKeepsItsSpaces() throws {
        let model = WorkbenchModel(name: "text", loaded: try LoadedModel(path: demoPath("text")))
        var state = WorkbenchState(
            model: model, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"],
            runRoot: WorkbenchAppTests.runRoot)
        _ = WorkbenchReducer.reduce(&state, .resize(Size(width: 120, height: 40)))
        let requests = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&state, .command("prompt  The sampler ")))
        let prompt = try #require(requests.first?.problem.prompts[0])
        guard case .text(let tokenizer) = try #require(model.loaded).tokenizer else {
            Issue.record("not a text model")
            return
        }
        #expect(prompt.suffix(try tokenizer.encode(" The sampler ").count) == ArraySlice(try tokenizer.encode(" The sampler ")))
        #expect(state.promptText == " The sampler ")
    }
}

/// Keys that do nothing visible on an image model say so (they once gave no feedback).
struct ImageFeedbackReducerTests {
    @Test func colourModeAndPromptExplainThemselvesOnImages() {
        var state = WorkbenchState(
            model: WorkbenchAppTests.glyphs, catalog: ModelCatalog(entries: []), theme: .default, themeNames: ["default"],
            runRoot: WorkbenchAppTests.runRoot)
        state.tab = .image
        _ = WorkbenchReducer.reduce(&state, .start)
        _ = WorkbenchReducer.reduce(&state, .key(.char("c")))
        #expect(state.notice?.contains("applies to token trajectories") == true)
        let effects = WorkbenchReducer.reduce(&state, .command("prompt 9"))
        #expect(WorkbenchReducerTests.samples(effects).isEmpty)
        #expect(state.noticeIsError && state.notice?.contains("one row per class") == true)
    }
}
