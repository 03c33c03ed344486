import Terminal

/// The held-out sweep on the ELBO tab (`:sweep`): its panel above the ELBO panel when both fit
/// whole, else alone (`:sweep off` gives the tab back to the ELBO).
extension WorkbenchView {
    /// Rows the ELBO panel needs to show every line of a finished estimate (9 lines + borders).
    static let elboPanelHeight = 11

    /// Draws the sweep panel (if one is shown) at the top of `area`; returns what is left for the
    /// ELBO panel, nil when nothing is.
    func renderSweep(in area: Rect, buffer: inout Buffer) -> Rect? {
        guard state.sweep.isShown else { return area }
        // Half the tab, and at least the table: borders, state line, header, one row per config.
        let height = max(state.sweep.configs.count + 4, area.height / 2)
        let both = area.height - height >= Self.elboPanelHeight
        let parts = both ? area.split(.vertical, [.length(height), .fill(1)]) : [area]
        // Alone on the tab, the caption also says how to get the ELBO back when that fits whole.
        let title = "Held-out sweep", caption = state.sweep.source.chartCaption
        let long = caption + " · :sweep off shows the ELBO"
        let fits = title.terminalWidth + long.terminalWidth + 8 <= area.width
        let inner = buffer.panel(title, right: !both && fits ? long : caption, in: parts[0], theme: state.theme)
        buffer.render(SweepPane(sweep: state.sweep, theme: state.theme), in: inner)
        return both ? parts[1] : nil
    }
}
