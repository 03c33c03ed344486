import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// The `:` line: Tab completes command names and the arguments that form a list, several
/// options are listed and cycled, Up/Down walk the session's history.
struct CommandPaletteTests {
    static func typing(_ text: String, in state: inout WorkbenchState) {
        _ = WorkbenchReducer.reduce(&state, .key(.char(":")))
        for c in text.unicodeScalars { _ = WorkbenchReducer.reduce(&state, .key(.char(c))) }
    }

    static func tab(_ state: inout WorkbenchState) { _ = WorkbenchReducer.reduce(&state, .key(.tab)) }

    @Test func aUniqueCompletionIsTakenWithASpace() {
        var state = WorkbenchReducerTests.started().0
        Self.typing("se", in: &state)
        Self.tab(&state)
        #expect(state.command == "set ")
        for c in "strat".unicodeScalars { _ = WorkbenchReducer.reduce(&state, .key(.char(c))) }
        Self.tab(&state)
        #expect(state.command == "set strategy ")
        for c in "ra".unicodeScalars { _ = WorkbenchReducer.reduce(&state, .key(.char(c))) }
        Self.tab(&state)
        // radd and radd-ordered share "radd": the word grows to it and both are offered.
        #expect(state.command == "set strategy radd")
        #expect(state.palette.options == ["radd", "radd-ordered"])
        Self.tab(&state)
        #expect(state.command == "set strategy radd" && state.palette.optionIndex == 0)
        Self.tab(&state)
        #expect(state.command == "set strategy radd-ordered")
        let effects = WorkbenchReducer.reduce(&state, .key(.enter))
        #expect(state.config.strategy == .raddOrdered)
        #expect(!WorkbenchReducerTests.samples(effects).isEmpty)
        #expect(state.palette.options.isEmpty)
    }

    @Test func argumentsComeFromTheirLists() {
        let models = ["Examples/models/countdown", "Examples/models/glyphs"]
        #expect(CommandCompletion.options(for: "model Examples/models/g", models: models, themes: []).options == [models[1]])
        #expect(CommandCompletion.options(for: "theme ", models: [], themes: ["default", "dracula"]).options.count == 2)
        #expect(CommandCompletion.options(for: "set cache ", models: [], themes: []).options == ["none", "prefix", "dual"])
        #expect(CommandCompletion.options(for: "set forbid-eos o", models: [], themes: []).options == ["on", "off"])
        #expect(CommandCompletion.options(for: "set steps ", models: [], themes: []).options.isEmpty)
        #expect(CommandCompletion.options(for: "", models: [], themes: []).options == CommandCompletion.verbs)
        var state = WorkbenchReducerTests.started().0
        Self.typing("prompt 3", in: &state)
        Self.tab(&state)
        #expect(state.command == "prompt 3" && state.notice?.hasPrefix("nothing to complete") == true)
    }

    @Test func upAndDownWalkTheHistory() {
        var state = WorkbenchReducerTests.started().0
        for line in ["set steps 8", "set steps 8", "chat off"] {
            Self.typing(line, in: &state)
            _ = WorkbenchReducer.reduce(&state, .key(.enter))
        }
        #expect(state.palette.history == ["set steps 8", "chat off"])
        Self.typing("uni", in: &state)
        _ = WorkbenchReducer.reduce(&state, .key(.up))
        #expect(state.command == "chat off")
        _ = WorkbenchReducer.reduce(&state, .key(.up))
        _ = WorkbenchReducer.reduce(&state, .key(.up))
        #expect(state.command == "set steps 8")
        _ = WorkbenchReducer.reduce(&state, .key(.down))
        #expect(state.command == "chat off")
        _ = WorkbenchReducer.reduce(&state, .key(.down))
        #expect(state.command == "uni")
        // Up and Down on the line never reach the knob list behind it.
        #expect(state.selectedKnob == 0)
    }

    @Test func theOptionsShowAfterTheLine() {
        var state = WorkbenchReducerTests.started().0
        Self.typing("set strategy ", in: &state)
        Self.tab(&state)
        #expect(state.command == "set strategy " && state.palette.optionIndex == nil)
        let screen = draw(width: 120, height: 40) { WorkbenchView(state: state).render(into: &$0) }
        let status = screen.lines[38]
        #expect(status.hasPrefix(":set strategy ▏"))
        for s in SamplingStrategy.allCases { #expect(status.contains(s.rawValue)) }
        let narrow = draw(width: 40, height: 24) { WorkbenchView(state: state).render(into: &$0) }
        #expect(narrow.lines[22].contains("+"))
    }
}
