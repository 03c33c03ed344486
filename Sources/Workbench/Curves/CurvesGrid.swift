import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Where the charts of the curves pane go: as many as fit at a readable size, in a grid whose
/// cells are about three times as wide as tall (braille curves read best wide).
enum CurvesGrid {
    /// The smallest chart worth drawing: axis labels, a few rows of curve, the block's border.
    static let minimumChart = Size(width: 34, height: 9)
    /// Preferred width ÷ height of a chart, in cells.
    static let preferredAspect = 3.2

    /// How many charts fit in `area` at the minimum size (at least 1).
    static func capacity(of area: Rect) -> Int {
        max(1, (area.width / minimumChart.width) * (area.height / minimumChart.height))
    }

    /// Rectangles for `count` charts (at most `capacity(of: area)`), filled row by row; they
    /// tile `area` exactly.
    static func cells(in area: Rect, count: Int) -> [Rect] {
        let n = min(count, capacity(of: area))
        guard n > 1 else { return n == 1 ? [area] : [] }
        let maxColumns = max(1, area.width / minimumChart.width), maxRows = max(1, area.height / minimumChart.height)
        var best: (columns: Int, rows: Int, score: Double)?
        for columns in 1...min(maxColumns, n) {
            let rows = (n + columns - 1) / columns
            guard rows <= maxRows else { continue }
            let aspect = Double(area.width / columns) / Double(area.height / rows)
            let emptyCells = Double(columns * rows - n) / Double(n)
            let score = abs(log(aspect / preferredAspect)) + emptyCells
            if best.map({ score < $0.score }) ?? true { best = (columns, rows, score) }
        }
        guard let best else { return [area] }
        // Row by row; a last row with fewer charts shares its width among them.
        let rowRects = area.split(.vertical, Array(repeating: .fill(1), count: best.rows))
        var cells: [Rect] = []
        for row in rowRects {
            let columns = min(best.columns, n - cells.count)
            cells += row.split(.horizontal, Array(repeating: .fill(1), count: columns))
        }
        return cells
    }
}
