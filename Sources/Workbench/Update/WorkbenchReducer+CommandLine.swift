import Terminal

/// Editing the `:` line: typing, Enter (runs it and keeps it in the session's history), Esc,
/// Tab completion (`CommandCompletion`) and Up/Down through the history.
extension WorkbenchReducer {
    mutating func editCommand(_ key: Key) {
        if key != .tab { state.palette.clearCompletion() }
        if key != .up && key != .down { state.palette.historyIndex = nil }
        switch key {
        case .escape: state.command = nil
        case .enter:
            let line = state.command ?? ""
            state.command = nil
            if !line.isEmpty && state.palette.history.last != line { state.palette.history.append(line) }
            execute(line)
        case .backspace:
            if state.command?.isEmpty == true { state.command = nil } else { state.command?.removeLast() }
        case let .char(c): state.command?.unicodeScalars.append(c)
        case .tab: completeCommand()
        case .up: recall(by: -1)
        case .down: recall(by: 1)
        default: break
        }
    }

    /// Tab: a single completion is taken whole (with a space after it); several extend the word
    /// to what they share and are listed; once listed, Tab again puts each on the line in turn.
    private mutating func completeCommand() {
        var p = state.palette
        let line = state.command ?? ""
        if let i = p.optionIndex {
            p.optionIndex = (i + 1) % p.options.count
            state.command = p.stem + p.options[p.optionIndex!]
            state.palette = p
            return
        }
        let found = CommandCompletion.options(
            for: line, models: state.catalog.entries.map(\.path), themes: state.themeNames)
        p.stem = found.stem
        switch found.options.count {
        case 0: say("nothing to complete here (:set KNOB VALUE, :model, :theme, :chat, :export, :backend)")
        case 1: state.command = found.stem + found.options[0] + " "
        default:
            let listed = p.options == found.options
            p.options = found.options
            let shared = found.stem + CommandCompletion.commonPrefix(found.options)
            if shared != line {
                state.command = shared
            } else if listed {
                p.optionIndex = 0
                state.command = found.stem + found.options[0]
            }
        }
        state.palette = p
    }

    /// Up/Down: older and newer lines of this session's history; past the newest, the line
    /// that was being typed.
    private mutating func recall(by delta: Int) {
        var p = state.palette
        guard !p.history.isEmpty else { return }
        if let i = p.historyIndex {
            let j = i + delta
            if j >= p.history.count {
                p.historyIndex = nil
                state.command = p.draft
            } else {
                p.historyIndex = max(0, j)
                state.command = p.history[max(0, j)]
            }
        } else if delta < 0 {
            p.draft = state.command ?? ""
            p.historyIndex = p.history.count - 1
            state.command = p.history[p.history.count - 1]
        }
        state.palette = p
    }
}
