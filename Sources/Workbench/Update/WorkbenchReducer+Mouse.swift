import Terminal

/// Mouse: click a tab to open it, click a token to put the cursor there, click a knob to select
/// it, wheel to scrub steps (or move through lists on the Models and Train tabs).
extension WorkbenchReducer {
    mutating func handleMouse(_ m: MouseEvent) {
        switch m.kind {
        case .wheelUp: state.tab == .models || state.tab == .train ? moveSelection(by: -1) : moveStep(by: -1)
        case .wheelDown: state.tab == .models || state.tab == .train ? moveSelection(by: 1) : moveStep(by: 1)
        case .press(.left): click(x: m.x, y: m.y)
        default: break
        }
    }

    private mutating func click(x: Int, y: Int) {
        let layout = state.layout(in: Rect(size: state.size))
        if layout.tabs.contains(x: x, y: y) {
            let tabs = Tabs(WorkbenchTab.allCases.map(\.title), selected: state.tab.rawValue)
            if let t = tabs.hitTest(x: x, y: y, in: layout.tabs) { selectTab(WorkbenchTab(rawValue: t)!) }
            return
        }
        guard [.tokens, .image, .compare].contains(state.tab) else { return }
        let schedule = layout.mainAndSchedule.schedule
        if schedule.contains(x: x, y: y) {
            // Knob rows fill the panel's inside (a block's border is one cell), scrolled as drawn.
            let rows = schedule.inset(by: 1), count = state.visibleKnobs.count
            let first = SchedulePane.firstShownKnob(selected: state.shownKnob, count: count, rows: rows.height)
            let row = y - rows.y
            if row >= 0 && row < rows.height && first + row < count { state.selectedKnob = first + row }
            return
        }
        // Clicks pick tokens in the token row (the map has no token labels to hit).
        guard state.tab == .tokens, !state.timeline.showsMap else { return }
        let hasPrompt = !state.promptLine.isEmpty
        let b = state.branch
        let grid = state.sudokuGrid(of: b, row: state.timeline.row, step: state.timeline.step) != nil
        let view = state.tokenRowView(of: b, step: state.timeline.step)
        let tokens = WorkbenchLayout.trajectoryText(
            in: layout.tokens.trajectory, hasPrompt: hasPrompt, grid: grid, tokenRows: view.rows(width:)
        ).tokens
        guard tokens.contains(x: x, y: y) else { return }
        let flow = TokenFlow.layout(
            labels: view.labels, joins: view.joinsTokens, blockStarts: view.blockStarts,
            width: tokens.width, height: tokens.height)
        if let p = TokenFlow.hit(x: x - tokens.x, y: y - tokens.y, labels: view.labels, layout: flow),
            p >= state.problem.promptLength
        {
            state.timeline.cursor = p
            requestPredictions()
        }
    }
}
