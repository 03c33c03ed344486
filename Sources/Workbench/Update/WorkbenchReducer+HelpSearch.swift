import Terminal

/// `/` in the help listing: type a query (Enter keeps it, Esc clears it), then `n`/`N` move the
/// focus through the matching keys; any other key closes help as before.
extension WorkbenchReducer {
    /// Handles `key` as part of a help search; false when it is not one (help then closes).
    mutating func searchHelp(_ key: Key) -> Bool {
        if var s = state.helpSearch, s.typing {
            switch key {
            case .enter: s.typing = false
            case .escape: state.helpSearch = nil; return true
            case .backspace:
                guard !s.query.isEmpty else { state.helpSearch = nil; return true }
                s.query.removeLast()
            case let .char(c):
                s.query.unicodeScalars.append(c)
                s.focus = 0
            default: break
            }
            state.helpSearch = s
            return true
        }
        switch key {
        case .char("/"):
            state.helpSearch = HelpOverlay.Search()
            return true
        case .char("n"), .char("N"):
            guard var s = state.helpSearch else { return false }
            let count = HelpOverlay(keyMap: WorkbenchKeys.map, search: s).matches.count
            guard count > 0 else { return true }
            s.focus = (s.focus + (key == .char("n") ? 1 : count - 1)) % count
            state.helpSearch = s
            return true
        default: return false
        }
    }
}
