import Terminal

/// The status line and the key hints below it. A notice longer than its share of the status line
/// (an error naming a file, line and field) goes on over the hints row, word-wrapped, instead of
/// being cut: the hints come back when the notice clears.
extension WorkbenchView {
    func renderStatus(in area: Rect, spillingInto hintsArea: Rect, buffer: inout Buffer) {
        let theme = state.theme
        let hints = KeyHintBar(
            hints: WorkbenchKeys.map.hints(for: WorkbenchKeys.hints(for: state.tab)), style: theme[.dim],
            keyStyle: theme[.key])
        if let command = state.command {
            let x = buffer.setString(area.x, area.y, ":" + command, style: theme[.text].bold, limit: area.right)
            buffer.set(min(x, area.right - 1), area.y, "▏", style: theme[.accent])
            renderCompletions(from: x + 3, in: area, buffer: &buffer)
            return buffer.render(hints, in: hintsArea)
        }
        // A backend in trouble replaces "ready", in the error colour.
        let trouble = state.backend?.status
        let right = trouble ?? "ready"
        _ = buffer.setString(area.right - right.count, area.y, right, style: trouble == nil ? theme[.dim] : theme[.error])
        guard let notice = state.notice else { return buffer.render(hints, in: hintsArea) }
        let style = state.noticeIsError ? theme[.error] : theme[.accent]
        let width = area.width - max(22, right.count + 2)
        let lines = Self.noticeLines(notice, first: width, second: hintsArea.width)
        _ = buffer.setString(area.x, area.y, lines.first, style: style, limit: area.x + width)
        guard let rest = lines.rest else { return buffer.render(hints, in: hintsArea) }
        _ = buffer.setString(hintsArea.x, hintsArea.y, rest, style: style, limit: hintsArea.right)
    }

    /// `notice` as the status line's part (at most `first` columns) and the rest for the hints row
    /// (at most `second` columns, ending in "…" when even that is too short), or no rest when the
    /// notice fits.
    static func noticeLines(_ notice: String, first: Int, second: Int) -> (first: String, rest: String?) {
        let (shown, remainder) = split(notice, width: first)
        guard !remainder.isEmpty else { return (notice, nil) }
        if remainder.terminalWidth <= second { return (shown, remainder) }
        return (shown, split(remainder, width: second - 1).0 + "…")
    }

    /// The start of `text` that fills at most `width` columns, and the rest: broken at a space in
    /// the last third of the line (the space dropped), else mid-word, so a long path still fills
    /// the line. Columns, not characters: a wide glyph takes two.
    private static func split(_ text: String, width: Int) -> (String, String) {
        let scalars = text.unicodeScalars
        var end = scalars.startIndex, used = 0
        var space: (index: String.UnicodeScalarView.Index, column: Int)?
        while end < scalars.endIndex, used + scalars[end].terminalWidth <= width {
            if scalars[end] == " " { space = (end, used) }
            used += scalars[end].terminalWidth
            end = scalars.index(after: end)
        }
        guard end < scalars.endIndex else { return (text, "") }
        if let space, space.column >= width * 2 / 3, space.column > 0 {
            return (String(scalars[..<space.index]), String(scalars[scalars.index(after: space.index)...]))
        }
        // A cut that lands just before a space drops it, as a break at the space would.
        let next = scalars[end] == " " ? scalars.index(after: end) : end
        return (String(scalars[..<end]), String(scalars[next...]))
    }
}
