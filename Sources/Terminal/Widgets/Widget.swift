/// Something that draws itself into an area of a buffer. Widgets are values holding what to
/// draw; state that outlives a frame (selection, scroll) belongs to the application.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer)
}

extension Buffer {
    /// `widget.render(in: area, buffer: &self)`, reading left to right at call sites.
    public mutating func render(_ widget: some Widget, in area: Rect) {
        widget.render(in: area, buffer: &self)
    }
}
