import Terminal

/// Mouse: click a tab to open it, click a token to put the cursor there, click a knob to select
/// it, wheel to scrub steps (or move through lists on the Models and Train tabs).
extension WorkbenchApp {
    mutating func handleMouse(_ m: MouseEvent) {
        switch m.kind {
        case .wheelUp: state.tab == .models || state.tab == .train ? moveSelection(by: -1) : moveStep(by: -1)
        case .wheelDown: state.tab == .models || state.tab == .train ? moveSelection(by: 1) : moveStep(by: 1)
        case .press(.left): click(x: m.x, y: m.y)
        default: break
        }
    }

    private mutating func click(x: Int, y: Int) {
        let screen = Rect(size: state.size)
        let rows = screen.split(.vertical, [.length(1), .length(1), .fill(1), .length(1), .length(1)])
        if rows[1].contains(x: x, y: y) {
            let tabs = Tabs(WorkbenchTab.allCases.map(\.title), selected: state.tab.rawValue)
            if let t = tabs.hitTest(x: x, y: y, in: rows[1]) { selectTab(WorkbenchTab(rawValue: t)!) }
            return
        }
        guard state.tab == .tokens, rows[2].contains(x: x, y: y) else { return }
        let body = rows[2]
        let main = body.width >= 100 ? body.split(.horizontal, [.fill(1), .length(40)]) : body.split(.vertical, [.fill(1), .length(min(12, body.height / 3))])
        if main[1].contains(x: x, y: y) {
            // Knob rows start one line inside the schedule panel.
            let index = y - main[1].y - 1
            if index >= 0 && index < visibleKnobs.count { state.selectedKnob = index }
            return
        }
        let trajectory = main[0].split(.vertical, [.fill(1), .length(3), .length(4)])[0].inset(by: 1)
        let promptLines = state.model.promptText(prompt: state.prompt, text: state.promptText).isEmpty ? 0 : 1
        let tokens = Rect(x: trajectory.x, y: trajectory.y + promptLines + 2, width: trajectory.width,
                          height: max(0, trajectory.height - promptLines - 3))
        guard tokens.contains(x: x, y: y) else { return }
        let b = state.branch
        let view = TokenRowView.make(branch: b, row: state.timeline.row, step: min(state.timeline.step, b.steps.count),
                                     model: state.model, promptLength: state.problem.promptLength, cursor: nil,
                                     colorByOrder: false)
        let layout = TokenFlow.layout(labels: view.labels, joins: view.joinsTokens, blockStarts: view.blockStarts,
                                      width: tokens.width, height: tokens.height)
        if let p = TokenFlow.hit(x: x - tokens.x, y: y - tokens.y, labels: view.labels, layout: layout),
           p >= state.problem.promptLength {
            state.timeline.cursor = p
            requestPredictions()
        }
    }
}
