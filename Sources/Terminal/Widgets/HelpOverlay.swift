/// A centred popup listing key bindings by group, generated from a `KeyMap` so help always
/// matches what the keys do. Clears what is beneath it. With a `search`, entries whose keys or
/// text contain the query are highlighted, the focused one reversed, and a list taller than
/// the screen scrolls so the focused match is in view.
public struct HelpOverlay: Widget {
    /// A `/` search in the listing.
    public struct Search: Equatable, Sendable {
        public var query: String
        /// The query is still being typed.
        public var typing: Bool
        /// Which match has focus; wraps around the matches.
        public var focus: Int

        public init(query: String = "", typing: Bool = true, focus: Int = 0) {
            self.query = query
            self.typing = typing
            self.focus = focus
        }
    }

    public var title: String
    public var sections: [(group: String, entries: [KeyMapEntry])]
    public var style: Style
    public var borderStyle: Style
    public var titleStyle: Style
    public var groupStyle: Style
    public var keyStyle: Style
    public var search: Search?
    public var matchStyle: Style

    public init<A>(
        keyMap: KeyMap<A>, title: String = "Keys · ? or Esc closes", style: Style = .none,
        borderStyle: Style = .none, titleStyle: Style = .none, groupStyle: Style = Style().bold,
        keyStyle: Style = Style().bold, search: Search? = nil, matchStyle: Style = Style().bold.underlined
    ) {
        self.title = title
        sections = keyMap.helpSections
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.groupStyle = groupStyle
        self.keyStyle = keyStyle
        self.search = search
        self.matchStyle = matchStyle
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

    /// Indices of the entry rows the search matches (case-insensitive, keys or text).
    public var matches: [Int] {
        guard let q = search?.query.lowercased(), !q.isEmpty else { return [] }
        return rows.indices.filter { i in
            guard let key = rows[i].key else { return false }
            return key.lowercased().contains(q) || rows[i].text.lowercased().contains(q)
        }
    }

    /// The title with the search's state: what is typed, or the focused match of how many.
    private var shownTitle: String {
        guard let search else { return title }
        if search.typing { return "/" + search.query + "▏ · Enter keeps · Esc clears" }
        let n = matches.count
        guard n > 0 else { return "/\(search.query): no match · / again · Esc closes" }
        return "/\(search.query) · \(search.focus % n + 1)/\(n) · n next · N previous · Esc closes"
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let rows = self.rows, matches = self.matches
        let focused = matches.isEmpty ? nil : matches[(search?.focus ?? 0) % matches.count]
        let title = shownTitle
        let keyWidth = rows.compactMap { $0.key?.terminalWidth }.max() ?? 0
        let textWidth = rows.map(\.text.terminalWidth).max() ?? 0
        let columnWidth = keyWidth + 2 + textWidth
        let available = max(1, area.height - 4)
        let columns = rows.count > available && 2 * columnWidth + 3 <= area.width - 4 ? 2 : 1
        let perColumn = min((rows.count + columns - 1) / columns, available)
        let capacity = perColumn * columns
        // Scroll only when the list does not fit, and only as far as the focused match needs.
        let first = focused.map { max(0, min($0 - perColumn / 2, rows.count - capacity)) } ?? 0
        let width = max(columns * columnWidth + (columns - 1) * 3 + 4, title.terminalWidth + 6)
        let box = area.centered(width: width, height: perColumn + 4)
        buffer.fill(box, " ", style: style)
        let block = Block(title: title, borders: .rounded, borderStyle: borderStyle, titleStyle: titleStyle, style: style)
        block.render(in: box, buffer: &buffer)
        let inner = box.inset(horizontal: 2, vertical: 2)
        for i in first..<min(rows.count, first + capacity) {
            let row = rows[i], shown = i - first
            let column = shown / perColumn, y = inner.y + shown % perColumn
            guard y < inner.bottom else { continue }
            let x = inner.x + column * (columnWidth + 3)
            if let key = row.key {
                let match = matches.contains(i)
                let emphasis = i == focused ? matchStyle.reversed : match ? matchStyle : .none
                buffer.setString(x, y, key, style: keyStyle.patched(with: emphasis), limit: inner.right)
                buffer.setString(x + keyWidth + 2, y, row.text, style: emphasis, limit: inner.right)
            } else {
                buffer.setString(x, y, row.text, style: groupStyle, limit: inner.right)
            }
        }
    }
}
