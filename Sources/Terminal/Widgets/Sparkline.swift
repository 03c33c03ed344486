/// The most recent values as vertical bars, eight levels per cell, one column per value;
/// taller areas stack full blocks.
public struct Sparkline: Widget {
    public var values: [Double]
    /// Top of the scale; the largest value when nil.
    public var maximum: Double?
    public var style: Style

    public init(_ values: [Double], maximum: Double? = nil, style: Style = .none) {
        self.values = values
        self.maximum = maximum
        self.style = style
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = values.suffix(area.width)
        let top = maximum ?? shown.filter(\.isFinite).max() ?? 0
        let levels = area.height * 8
        for (i, v) in shown.enumerated() {
            let h = top > 0 && v.isFinite ? Int((max(0, min(v, top)) / top * Double(levels)).rounded()) : 0
            for row in 0..<area.height {
                let fill = min(max(h - row * 8, 0), 8)
                buffer.set(area.x + i, area.bottom - 1 - row, Symbols.verticalEighths[fill], style: style)
            }
        }
    }
}
