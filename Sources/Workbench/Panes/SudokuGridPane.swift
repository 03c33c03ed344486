import Terminal

/// A 4×4 Sudoku as a grid, 9 columns by 5 lines (4 without room for the box rule):
///
///     4 1 │3 2
///     2 3 │4✗1
///     ────┼────
///     ░ 2 │1 4
///     1 4 │2 3
///
/// Givens in the prompt's style, filled cells bold, masked cells `░`, and a wrong cell in the
/// error colour with `✗` after it (the only mark a monochrome theme can show).
struct SudokuGridPane: Widget {
    static let width = 9
    /// Lines with the box rule.
    static let height = 5
    var grid: SudokuGrid
    var theme: Theme

    func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= Self.width, area.height >= 4 else { return }
        let rule = area.height >= 5
        var y = area.y
        for r in 0..<4 {
            if r == 2 && rule {
                _ = buffer.setString(area.x, y, "────┼────", style: theme[.border])
                y += 1
            }
            var x = area.x
            for c in 0..<4 {
                if c == 2 { x = buffer.setString(x, y, "│", style: theme[.border]) }
                let cell = grid.cells[r * 4 + c]
                x = buffer.setString(x, y, cell.text, style: style(of: cell))
                x = buffer.setString(x, y, cell.wrong ? "✗" : " ", style: theme[.error].bold)
            }
            y += 1
        }
    }

    func style(of cell: SudokuGrid.Cell) -> Style {
        if cell.wrong { return theme[.error].bold }
        switch cell.kind {
        case .given: return theme[.prompt].underlined
        case .filled: return theme[.committed].bold
        case .masked: return theme[.masked]
        }
    }
}
