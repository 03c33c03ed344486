/// Rows and columns with a header, column widths from constraints, and a highlighted selected
/// row that is scrolled into view.
public struct Table: Widget {
    public var header: [String]
    public var rows: [[Span]]
    public var widths: [Constraint]
    public var columnSpacing: Int
    public var headerStyle: Style
    /// The selected row (an index into `rows`), kept visible and drawn with `highlightStyle`.
    public var selected: Int?
    public var highlightStyle: Style
    public var highlightSymbol: String

    public init(
        header: [String] = [], rows: [[Span]], widths: [Constraint], columnSpacing: Int = 1,
        headerStyle: Style = .none, selected: Int? = nil, highlightStyle: Style = Style().reversed,
        highlightSymbol: String = "▸ "
    ) {
        self.header = header
        self.rows = rows
        self.widths = widths
        self.columnSpacing = columnSpacing
        self.headerStyle = headerStyle
        self.selected = selected
        self.highlightStyle = highlightStyle
        self.highlightSymbol = highlightSymbol
    }

    /// The first row shown for a body of `visibleRows` rows: just enough scrolling to show `selected`.
    public func firstVisibleRow(visibleRows: Int) -> Int {
        guard let selected, visibleRows > 0 else { return 0 }
        return max(0, min(selected - visibleRows + 1, rows.count - visibleRows))
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let symbolWidth = highlightSymbol.terminalWidth
        let content = Rect(x: area.x + symbolWidth, y: area.y, width: area.width - symbolWidth, height: area.height)
        var parts: [Constraint] = []
        for (i, w) in widths.enumerated() {
            if i > 0 { parts.append(.length(columnSpacing)) }
            parts.append(w)
        }
        let columns = content.split(.horizontal, parts).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        var y = area.y
        if !header.isEmpty {
            buffer.setStyle(Rect(x: area.x, y: y, width: area.width, height: 1), headerStyle)
            for (c, title) in header.enumerated() where c < columns.count {
                buffer.setString(columns[c].x, y, title, limit: columns[c].right)
            }
            y += 1
        }
        let visible = area.bottom - y
        let first = firstVisibleRow(visibleRows: visible)
        for r in first..<min(rows.count, first + visible) {
            let isSelected = r == selected
            if isSelected {
                buffer.setStyle(Rect(x: area.x, y: y, width: area.width, height: 1), highlightStyle)
                buffer.setString(area.x, y, highlightSymbol, limit: area.right)
            }
            for (c, span) in rows[r].enumerated() where c < columns.count {
                buffer.setString(columns[c].x, y, span.text, style: span.style, limit: columns[c].right)
            }
            if isSelected { buffer.setStyle(Rect(x: area.x, y: y, width: area.width, height: 1), highlightStyle) }
            y += 1
        }
    }
}
