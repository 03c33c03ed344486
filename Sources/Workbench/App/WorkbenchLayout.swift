import Terminal

/// Where everything goes on a screen of a given size: the one source of rectangles for drawing
/// and for mouse hit-testing, so a click lands on what is drawn there.
///
///     title · tabs · body · status · hints        (rows of the screen)
///     body = main + schedule editor               (side by side from 100 columns, else stacked)
struct WorkbenchLayout {
    let title: Rect
    let tabs: Rect
    let body: Rect
    let status: Rect
    let hints: Rect
    /// Rows the tab's panes need to show their text whole (0: whatever they get).
    let mainRows: Int

    init(_ area: Rect, mainRows: Int = 0) {
        let rows = area.split(.vertical, [.length(1), .length(1), .fill(1), .length(1), .length(1)])
        (title, tabs, body, status, hints) = (rows[0], rows[1], rows[2], rows[3], rows[4])
        self.mainRows = mainRows
    }

    /// Rows the schedule editor keeps below the tab's panes however much they need: its
    /// borders and two knobs (the list scrolls to the selected one).
    static let minimumScheduleRows = 4

    /// The tab's panes and the schedule editor beside them (or below, under 100 columns, where
    /// the editor gives rows to the panes down to `minimumScheduleRows` when they need them).
    var mainAndSchedule: (main: Rect, schedule: Rect) {
        if body.width >= 100 {
            let parts = body.split(.horizontal, [.fill(1), .length(40)])
            return (parts[0], parts[1])
        }
        let preferred = min(12, body.height / 3)
        let height = max(min(preferred, Self.minimumScheduleRows), min(preferred, body.height - mainRows))
        let parts = body.split(.vertical, [.fill(1), .length(height)])
        return (parts[0], parts[1])
    }

    /// Rows of the Tokens tab below the trajectory panel (candidates, timeline) and of the
    /// Compare tab below its two panels (figures, timeline).
    static let tokensFooterRows = 7, compareFooterRows = 8
    /// Rows of the Image tab below its grid panel (the timeline).
    static let imageFooterRows = 4

    /// Tokens tab: the trajectory panel, the cursor's candidates, the timeline.
    var tokens: (trajectory: Rect, candidates: Rect, timeline: Rect) {
        let parts = mainAndSchedule.main.split(.vertical, [.fill(1), .length(3), .length(4)])  // tokensFooterRows
        return (parts[0], parts[1], parts[2])
    }

    /// Tokens tab with the step × position map: the map and the cursor's beliefs side by side
    /// (stacked under 72 columns) where the trajectory and candidates were, the timeline.
    var tokensMap: (map: Rect, beliefs: Rect, timeline: Rect) {
        let parts = mainAndSchedule.main.split(.vertical, [.fill(1), .length(4)])
        let columns =
            parts[0].width >= 72
            ? parts[0].split(.horizontal, [.fill(1), .length(parts[0].width >= 140 ? 44 : 36)])
            : parts[0].split(.vertical, [.fill(1), .fill(1)])
        return (columns[0], columns[1], parts[1])
    }

    /// Image tab: the grid panel and the timeline.
    var image: (grid: Rect, timeline: Rect) {
        let parts = mainAndSchedule.main.split(.vertical, [.fill(1), .length(Self.imageFooterRows)])
        return (parts[0], parts[1])
    }

    /// Compare tab: A and B side by side, their figures, the shared timeline.
    var compare: (a: Rect, b: Rect, stats: Rect, timeline: Rect) {
        let parts = mainAndSchedule.main.split(.vertical, [.fill(1), .length(4), .length(4)])  // compareFooterRows
        let columns = parts[0].split(.horizontal, [.fill(1), .fill(1)])
        return (columns[0], columns[1], parts[1], parts[2])
    }

    /// Inside a trajectory panel: the optional prompt line, the step line, a blank line, then
    /// the tokens, with the last line kept for the outcome; with a Sudoku grid (and 40 columns
    /// for it), the grid at the top right and the text beside it. The blank line goes when the
    /// tokens need its row (`tokenRows`: rows the tokens take at a width).
    static func trajectoryText(
        in panel: Rect, hasPrompt: Bool, grid: Bool = false, tokenRows: (Int) -> Int = { _ in 1 }
    ) -> (prompt: Rect?, header: Rect, tokens: Rect, outcome: Rect, grid: Rect?) {
        var inner = panel.inset(by: 1)
        var gridArea: Rect?
        if grid && inner.width >= 40 && inner.height >= 4 {
            let w = SudokuGridPane.width
            gridArea = Rect(x: inner.right - w, y: inner.y, width: w, height: min(SudokuGridPane.height, inner.height))
            inner.width -= textWidthLoss(grid: true, innerWidth: inner.width)
        }
        var y = inner.y
        let prompt = hasPrompt ? Rect(x: inner.x, y: y, width: inner.width, height: 1) : nil
        if hasPrompt { y += 1 }
        let header = Rect(x: inner.x, y: y, width: inner.width, height: 1)
        y += 1
        if inner.bottom - y - 1 > tokenRows(inner.width) { y += 1 }
        let tokens = Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.bottom - y - 1))
        return (prompt, header, tokens, Rect(x: inner.x, y: inner.bottom - 1, width: inner.width, height: 1), gridArea)
    }

    /// Columns the Sudoku grid takes from the text beside it.
    private static func textWidthLoss(grid: Bool, innerWidth: Int) -> Int {
        grid && innerWidth >= 40 ? SudokuGridPane.width + 1 : 0
    }

    /// Rows a trajectory panel `width` columns wide needs to show everything whole: borders,
    /// prompt, step line, the tokens, the outcome (and the Sudoku grid beside them).
    static func trajectoryHeight(width: Int, hasPrompt: Bool, grid: Bool, tokenRows: (Int) -> Int) -> Int {
        let inner = width - 2
        let text = (hasPrompt ? 1 : 0) + 1 + tokenRows(inner - textWidthLoss(grid: grid, innerWidth: inner)) + 1
        return 2 + max(text, grid && inner >= 40 ? SudokuGridPane.height : 0)
    }
}
