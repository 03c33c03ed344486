import Terminal

/// What the layout needs to know of the state: how many rows the tab's token panels take at a
/// width, so a small screen gives them room before it cuts a token (docs/architecture.md §5).
extension WorkbenchState {
    /// The layout of a screen of `area` for this state.
    func layout(in area: Rect) -> WorkbenchLayout {
        WorkbenchLayout(area, mainRows: mainRows(width: WorkbenchLayout(area).body.width))
    }

    /// Rows the Tokens or Compare tab's panes need at `width` columns to show every token whole,
    /// or the Image tab's to show a row of tiles (0 on the other tabs, whose panes fill what
    /// they get).
    func mainRows(width: Int) -> Int {
        switch tab {
        case .tokens where !timeline.showsMap:
            return trajectoryHeight(branch: branch, step: timeline.step, width: width) + WorkbenchLayout.tokensFooterRows
        case .compare where !model.isImage:
            let column = width / 2  // the narrower of the two columns
            let a = trajectoryHeight(branch: branch, step: timeline.step, width: column)
            let b = compare.map { trajectoryHeight(branch: $0, step: compareStep(of: $0), width: column) } ?? 0
            return max(a, b) + WorkbenchLayout.compareFooterRows
        case .image where model.isImage:
            return ImageGridPane.minimumHeight(for: imageTiles()) + 2 + WorkbenchLayout.imageFooterRows
        default:
            return 0
        }
    }

    /// B's step on the Compare tab: A's progress fraction of B's length, so both panels show
    /// the same point of their schedules.
    func compareStep(of b: Branch) -> Int {
        Int((Double(timeline.step) / Double(max(branch.steps.count, 1)) * Double(b.steps.count)).rounded())
    }

    /// The view of `b`'s row at `step` as the trajectory panel draws it.
    func tokenRowView(of b: Branch, step: Int) -> TokenRowView {
        let row = min(timeline.row, b.initialTokens.count - 1)
        return TokenRowView.make(
            branch: b, row: row, step: min(step, b.steps.count), model: model, promptLength: problem.promptLength,
            cursor: b.id == branch.id ? timeline.cursor : nil, coloring: timeline.coloring)
    }

    private func trajectoryHeight(branch b: Branch, step: Int, width: Int) -> Int {
        let row = min(timeline.row, b.initialTokens.count - 1)
        let grid = sudokuGrid(of: b, row: row, step: min(step, b.steps.count)) != nil
        return WorkbenchLayout.trajectoryHeight(
            width: width, hasPrompt: !promptLine.isEmpty, grid: grid, tokenRows: tokenRowView(of: b, step: step).rows(width:))
    }
}
