import Terminal

/// The sequence at the current step (docs/architecture.md §5.1, LLaDA's colours): masked positions as a dim
/// glyph, tokens committed at this step bright and coloured by confidence (low red → high
/// green), earlier ones in the text colour or, with the heat-map toggle, coloured by the step
/// that committed them, or dim where the viewed step's network call read the key/value cache
/// instead of computing the position; the prompt underlined in its own colour; block starts as a thin divider;
/// the cursor reversed. Monochrome themes fall back to attributes (bold, dim, underline).
struct TokenTrajectoryPane: Widget {
    var view: TokenRowView
    var theme: Theme

    func render(in area: Rect, buffer: inout Buffer) {
        let layout = TokenFlow.layout(
            labels: view.labels, joins: view.joinsTokens, blockStarts: view.blockStarts,
            width: area.width, height: area.height)
        for (i, p) in layout.enumerated() {
            guard let p else {
                // Out of room: say so in the last cell rather than dropping tokens silently.
                buffer.set(area.right - 1, area.bottom - 1, "…", style: theme[.dim])
                break
            }
            if view.blockStarts.contains(i), p.x > 0 {
                buffer.set(area.x + p.x - (view.joinsTokens ? 1 : 2), area.y + p.y, "┊", style: theme[.border])
            }
            var style = style(of: view.states[i])
            if view.coloring == .cache, let computed = view.computed, !computed.contains(i) {
                style = theme.usesColor ? theme[.dim] : style.dim
                if view.states[i] == .prompt { style = style.underlined }
            }
            if i == view.cursor { style = style.reversed }
            _ = buffer.setString(area.x + p.x, area.y + p.y, view.labels[i], style: style, limit: area.right)
        }
    }

    /// The style of a position in a given state, from the theme's roles and gradients.
    func style(of state: TokenState) -> Style {
        switch state {
        case .prompt: return theme[.prompt].underlined
        case .masked: return theme[.masked]
        case .pinned: return theme[.highlight].bold.underlined
        case let .new(confidence):
            let base = theme[.committed].bold
            return theme.usesColor ? base.fg(theme.gradient(.confidence).color(at: Double(confidence))) : base
        case let .earlier(step, _):
            guard view.coloring == .commitOrder, step > 0 else { return theme[.text] }
            let t = Double(step) / Double(max(view.totalSteps, 1))
            return theme.usesColor
                ? theme[.text].fg(theme.gradient(.heat).color(at: t)) : (t < 0.5 ? theme[.text].dim : theme[.text])
        }
    }
}
