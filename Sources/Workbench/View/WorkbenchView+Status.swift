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
        if remainder.count <= second { return (shown, remainder) }
        return (shown, split(remainder, width: second - 1).0 + "…")
    }

    /// The first `width` characters of `text` and the rest: broken at a space in the last third
    /// of the line (the space dropped), else mid-word, so a long path still fills the line.
    private static func split(_ text: String, width: Int) -> (String, String) {
        guard text.count > width else { return (text, "") }
        let cut = text.prefix(max(width, 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= width * 2 / 3 {
            return (String(text[..<space]), String(text[text.index(after: space)...]))
        }
        return (String(cut), String(text[cut.endIndex...]))
    }
}
