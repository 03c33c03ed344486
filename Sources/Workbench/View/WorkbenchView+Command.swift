import Terminal

/// What Tab offered on the `:` line, after it on the status line: the option on the line
/// highlighted, as many as fit whole, then how many more there are.
extension WorkbenchView {
    func renderCompletions(from x: Int, in area: Rect, buffer: inout Buffer) {
        let p = state.palette, theme = state.theme
        var x = x
        for (i, option) in p.options.enumerated() {
            let more = p.options.count - i
            let tail = more > 1 ? "  +\(more - 1)" : ""
            // Leave room for the "+N" of what would not fit after this one.
            guard
                x + option.terminalWidth + tail.terminalWidth <= area.right
                    || (more == 1 && x + option.terminalWidth <= area.right)
            else {
                _ = buffer.setString(x, area.y, "+\(more)", style: theme[.dim])
                return
            }
            let style = i == p.optionIndex ? theme[.highlight].reversed : theme[.dim]
            x = buffer.setString(x, area.y, option, style: style) + 2
        }
    }
}
