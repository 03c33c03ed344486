/// A row of tab titles with the selected one highlighted. `hitTest` maps a mouse column back
/// to a tab, using the same layout as `render`.
public struct Tabs: Widget {
    public var titles: [String]
    public var selected: Int
    public var style: Style
    public var highlightStyle: Style
    public var divider: String

    public init(
        _ titles: [String], selected: Int, style: Style = .none,
        highlightStyle: Style = Style().reversed, divider: String = "│"
    ) {
        self.titles = titles
        self.selected = selected
        self.style = style
        self.highlightStyle = highlightStyle
        self.divider = divider
    }

    /// Column ranges of each title (with its one-space padding) from `x`.
    private func spans(from x: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var cx = x
        for title in titles {
            let w = title.terminalWidth + 2
            result.append(cx..<cx + w)
            cx += w + divider.terminalWidth
        }
        return result
    }

    /// The tab under column `x` in a tab bar drawn at `area`, if any.
    public func hitTest(x: Int, y: Int, in area: Rect) -> Int? {
        guard y == area.y, area.contains(x: x, y: y) else { return nil }
        return spans(from: area.x).firstIndex { $0.contains(x) && $0.upperBound <= area.right }
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.setStyle(Rect(x: area.x, y: area.y, width: area.width, height: 1), style)
        for (i, range) in spans(from: area.x).enumerated() {
            guard range.upperBound <= area.right else { break }
            let s = i == selected ? style.patched(with: highlightStyle) : style
            buffer.setString(range.lowerBound, area.y, " " + titles[i] + " ", style: s, limit: area.right)
            if i < titles.count - 1 { buffer.setString(range.upperBound, area.y, divider, style: style, limit: area.right) }
        }
    }
}
