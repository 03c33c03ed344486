/// A centred popup listing key bindings by group, generated from a `KeyMap` so help always
/// matches what the keys do. Clears what is beneath it.
public struct HelpOverlay: Widget {
    public var title: String
    public var sections: [(group: String, entries: [KeyMapEntry])]
    public var style: Style
    public var borderStyle: Style
    public var titleStyle: Style
    public var groupStyle: Style
    public var keyStyle: Style

    public init<A>(
        keyMap: KeyMap<A>, title: String = "Keys · ? or Esc closes", style: Style = .none,
        borderStyle: Style = .none, titleStyle: Style = .none, groupStyle: Style = Style().bold,
        keyStyle: Style = Style().bold
    ) {
        self.title = title
        sections = keyMap.helpSections
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.groupStyle = groupStyle
        self.keyStyle = keyStyle
    }

    /// Rows of the listing: a group heading, then its entries, then a blank line.
    private var rows: [(key: String?, text: String)] {
        var r: [(String?, String)] = []
        for (i, s) in sections.enumerated() {
            if i > 0 { r.append((nil, "")) }
            r.append((nil, s.group))
            r += s.entries.map { ($0.keys, $0.help) }
        }
        return r
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let rows = self.rows
        let keyWidth = rows.compactMap { $0.key?.terminalWidth }.max() ?? 0
        let textWidth = rows.map(\.text.terminalWidth).max() ?? 0
        let columnWidth = keyWidth + 2 + textWidth
        let available = max(1, area.height - 4)
        let columns = rows.count > available && 2 * columnWidth + 3 <= area.width - 4 ? 2 : 1
        let perColumn = (rows.count + columns - 1) / columns
        let width = max(columns * columnWidth + (columns - 1) * 3 + 4, title.terminalWidth + 6)
        let box = area.centered(width: width, height: perColumn + 4)
        buffer.fill(box, " ", style: style)
        let block = Block(title: title, borders: .rounded, borderStyle: borderStyle, titleStyle: titleStyle, style: style)
        block.render(in: box, buffer: &buffer)
        let inner = box.inset(horizontal: 2, vertical: 2)
        for (i, row) in rows.enumerated() {
            let column = i / perColumn, y = inner.y + i % perColumn
            guard y < inner.bottom else { continue }
            let x = inner.x + column * (columnWidth + 3)
            if let key = row.key {
                buffer.setString(x, y, key, style: keyStyle, limit: inner.right)
                buffer.setString(x + keyWidth + 2, y, row.text, limit: inner.right)
            } else {
                buffer.setString(x, y, row.text, style: groupStyle, limit: inner.right)
            }
        }
    }
}
