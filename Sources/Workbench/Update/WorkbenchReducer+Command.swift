import Foundation
import MaskedDiffusion
import Terminal

/// The `:` command line: typed values for knobs and everything without a key of its own.
///
///     :set KNOB VALUE      a schedule knob (steps 32, block 8, remasking random, temperature 0.7)
///     :prompt TEXT | N     the prompt text (scored on task models when in the task's format) or
///                          held-out item N (task models)
///     :chat on|off         wrap a typed prompt in the model's chat template (instruct models)
///     :model PATH          open another model folder
///     :backend restart     start the backend process again
///     :theme NAME          switch theme
///     :run DIR             folder the training pane writes its run to
///     :units N             ELBO units to accumulate
///     :save FILE / :load FILE   branches, pins, knobs and seeds (docs/file-formats.md §11)
///     :export [trajectory|screen|ansi|png|all] [PATH]
///     :q                   quit
extension WorkbenchReducer {
    static let commandHelp =
        "set KNOB VALUE · prompt TEXT|N · chat on|off · model PATH · backend restart · theme NAME · run DIR · units N · sweep [N|stop|off] · pin N · save FILE · load FILE · export [trajectory|screen|ansi|png] [PATH] · q"

    /// Runs one command line; its error or confirmation goes to the status bar, replacing the
    /// last command's (an old error once stayed under a command that had worked).
    mutating func execute(_ line: String) {
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = words.first else { return }
        state.notice = nil
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        switch verb {
        case "q", "quit": effects.append(.quit)
        case "set":
            let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let knob = ScheduleKnob(rawValue: parts[0]) else {
                say(
                    "usage: set KNOB VALUE (knobs: \(ScheduleKnob.allCases.map(\.rawValue).joined(separator: ", ")))", error: true
                )
                return
            }
            // A knob the sampler ignores once answered "set to …" and changed nothing on screen.
            guard knob.applies(to: state.editedConfig) else {
                let shown = state.visibleKnobs.map(\.rawValue).joined(separator: ", ")
                return say(
                    "\(knob.rawValue) is not used by \(state.editedConfig.strategy.rawValue) (its knobs: \(shown))", error: true)
            }
            var failure: KnobError?
            let ids = state.model.loaded?.fileIds
            retune { config, seed in
                do throws(KnobError) { try knob.set(&config, seed: &seed, from: parts[1], ids: ids) } catch { failure = error }
            }
            if let failure {
                say(failure.description, error: true)
            } else if state.notice == nil {  // retune refuses some values itself, in the bar
                say("\(knob.rawValue) set to \(parts[1])")
            }
            clampKnobSelection()
        case "prompt":
            if state.model.backend != nil {
                return say("the backend holds the prompt: start it with another (serve_torch.py --prompt TEXT)", error: true)
            }
            if state.model.isImage {
                return say(
                    "an image model samples one row per class (w selects one); :prompt is for text and task models", error: true)
            }
            if argument.isEmpty {  // back to the default prompt, said (it once switched silently)
                state.promptText = ""
                say(
                    state.model.task != nil
                        ? "prompt: held-out item \(state.prompt) (:prompt N picks another, :prompt TEXT types one)"
                        : "prompt: none, an unconditional sample (:prompt TEXT types one)")
                return startMain()
            }
            if let task = state.model.task {
                // A number shorter than the task's prompts picks a held-out item; other text is a
                // prompt of the user's own, scored when it is in the task's format (a 16-digit
                // Sudoku grid once read as an item number, refused as out of range).
                if task.item(parsing: argument) == nil, argument.count < task.promptLength, let n = Int(argument) {
                    guard n >= 0, n < state.model.promptCount else {
                        return say(
                            "prompt: a held-out item number 0…\(state.model.promptCount - 1), or a prompt's text", error: true)
                    }
                    state.prompt = n
                    state.promptText = ""
                    say("prompt: held-out item \(n)")
                } else {
                    do { _ = try task.prompt(typed: argument) } catch { return say("prompt: \(error)", error: true) }
                    state.promptText = argument
                }
            } else {
                // As typed, spaces kept: to a character model a trailing space is a token
                // (`--prompt "The sampler "` once could not be typed here).
                state.promptText = String(line.dropFirst(verb.count + 1))
            }
            startMain()
        case "chat":
            guard argument == "on" || argument == "off" else { return say("usage: chat on|off", error: true) }
            state.chat = argument == "on"
            say(chatStatus)
            startMain()
        case "model":
            openModel(path: argument, addToCatalog: true)
        case "backend":
            guard argument == "restart" else { return say("usage: backend restart", error: true) }
            restartBackend()
        case "theme":
            effects.append(.loadTheme(argument))
        case "pin":
            guard let n = Int(argument) else {
                return say("usage: pin N (the cursor's N-th candidate, 1 = most likely)", error: true)
            }
            pinCandidate(n)
        case "run":
            guard !argument.isEmpty else { return say("usage: run DIR", error: true) }
            guard state.model.task != nil else {
                return say("RL needs a task model (countdown, sudoku4): pick one on the Models tab", error: true)
            }
            guard !state.training.running else { return say("a run is training: pause it first (t)", error: true) }
            state.training.directory = argument
            say("run folder \(argument): t trains there")
            effects.append(.inspectRun(argument))
        case "sweep":
            sweepCommand(argument)
        case "units":
            guard let n = Int(argument), n >= 1 else { return say("usage: units N (N ≥ 1)", error: true) }
            state.elbo.maxUnits = n
            say("the ELBO estimate runs to \(n) units")
        case "save", "load":
            guard !argument.isEmpty else { return say("usage: \(verb) FILE", error: true) }
            if verb == "load" { return effects.append(.loadState(path: argument)) }
            let made = SavedWorkbench.make(from: state)
            if made.orphans > 0 { say("\(made.orphans) branch(es) whose parent was deleted are not saved") }
            effects.append(.saveState(made.saved, path: argument))
        case "export":
            // The kind may be left out (`:export PATH` exports everything from that stem; it once
            // read the path as an unknown kind).
            let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
            if let first = parts.first, !ExportKind.isKind(first) {
                effects.append(.export(what: "all", path: argument))
            } else {
                effects.append(.export(what: parts.first ?? "all", path: parts.count > 1 ? parts[1] : nil))
            }
        default:
            say("unknown command '\(verb)': \(Self.commandHelp)", error: true)
        }
    }

    /// What `:chat` did, in words: whether prompts are wrapped, and in which template.
    var chatStatus: String {
        guard case .text(let t) = state.model.kind, let template = t.chatTemplate else {
            return "this model has no chat template: prompts are used as typed"
        }
        return state.chat
            ? "prompts are wrapped in the model's chat template (\(template.familyName))" : "prompts are used as typed"
    }
}
