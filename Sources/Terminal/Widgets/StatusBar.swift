/// One row with left-aligned and right-aligned spans (right wins when they collide).
public struct StatusBar: Widget {
    public var left: Line
    public var right: Line
    public var style: Style

    public init(left: Line, right: Line = Line([]), style: Style = .none) {
        self.left = left
        self.right = right
        self.style = style
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        buffer.fill(row, " ", style: style)
        let rw = min(right.width, area.width - 2)
        left.render(x: area.x + 1, y: area.y, width: max(0, area.width - rw - 3), buffer: &buffer)
        var r = right
        r.alignment = .right
        r.render(x: area.right - 1 - rw, y: area.y, width: rw, buffer: &buffer)
    }
}
