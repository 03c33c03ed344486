/// A bordered box with an optional title on the top edge (left) and a second one on the right.
/// Draw the block first, then its content into `inner(area)`.
public struct Block: Widget {
    public var title: String?
    public var rightTitle: String?
    public var borders: BorderSet
    public var borderStyle: Style
    public var titleStyle: Style
    /// Patched over the whole area first (the panel's background).
    public var style: Style

    public init(
        title: String? = nil, rightTitle: String? = nil, borders: BorderSet = .plain,
        borderStyle: Style = .none, titleStyle: Style = .none, style: Style = .none
    ) {
        self.title = title
        self.rightTitle = rightTitle
        self.borders = borders
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.style = style
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    /// Whether the right title is drawn at `width`: it needs a cell of border between it and the
    /// left title (each title has a space either side, two border cells at each end).
    public static func rightTitleFits(title: String?, rightTitle: String, width: Int) -> Bool {
        let left = title.map { $0.terminalWidth + 2 } ?? -1
        return width - 4 - (rightTitle.terminalWidth + 2) > left
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        buffer.setStyle(area, style)
        let b = borders
        for x in area.x + 1..<area.right - 1 {
            buffer.set(x, area.y, b.horizontal, style: borderStyle)
            buffer.set(x, area.bottom - 1, b.horizontal, style: borderStyle)
        }
        for y in area.y + 1..<area.bottom - 1 {
            buffer.set(area.x, y, b.vertical, style: borderStyle)
            buffer.set(area.right - 1, y, b.vertical, style: borderStyle)
        }
        buffer.set(area.x, area.y, b.topLeft, style: borderStyle)
        buffer.set(area.right - 1, area.y, b.topRight, style: borderStyle)
        buffer.set(area.x, area.bottom - 1, b.bottomLeft, style: borderStyle)
        buffer.set(area.right - 1, area.bottom - 1, b.bottomRight, style: borderStyle)
        // Titles sit on the top edge with a space either side: "┌ Title ───── right ┐".
        if let title, area.width > 4 {
            buffer.setString(area.x + 2, area.y, " " + title + " ", style: titleStyle, limit: area.right - 2)
        }
        if let rightTitle, Self.rightTitleFits(title: area.width > 4 ? title : nil, rightTitle: rightTitle, width: area.width) {
            let text = " " + rightTitle + " "
            buffer.setString(area.right - 2 - text.terminalWidth, area.y, text, style: titleStyle, limit: area.right - 2)
        }
    }
}
