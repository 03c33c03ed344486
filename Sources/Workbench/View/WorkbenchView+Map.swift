import Terminal

/// The Tokens tab with the step × position map (`M`): the viewed branch's row as LLaDA's
/// figures draw it, beside the cursor position's beliefs over steps.
extension WorkbenchView {
    func renderMap(_ layout: WorkbenchLayout, buffer: inout Buffer) {
        let parts = layout.tokensMap, theme = state.theme, branch = state.branch
        let row = min(state.timeline.row, branch.initialTokens.count - 1)
        let map = StepPositionMap.make(
            branch: branch, row: row, step: state.timeline.step, model: state.model,
            promptLength: state.problem.promptLength, cursor: state.timeline.cursor)
        let rows = branch.initialTokens.count > 1 ? " · row \(row + 1)/\(branch.initialTokens.count)" : ""
        let title = "Step × position · \(branch.name)\(rows)"
        let legend = "shade ░▒▓█ = confidence · M token row"
        let inner = buffer.panel(
            title, right: title.count + legend.count + 8 <= parts.map.width ? legend : "M token row", in: parts.map,
            theme: theme)
        buffer.render(StepPositionMapPane(map: map, theme: theme), in: inner)
        let beliefs = buffer.panel("Cursor @\(state.timeline.cursor) over steps", right: "h/l", in: parts.beliefs, theme: theme)
        buffer.render(CursorBeliefPane(map: map, theme: theme), in: beliefs)
        renderTimeline(in: parts.timeline, buffer: &buffer)
        renderSchedule(in: layout.mainAndSchedule.schedule, buffer: &buffer)
    }
}
