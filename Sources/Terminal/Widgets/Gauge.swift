/// A horizontal progress bar with sub-cell precision (eighth blocks) and a centred label.
/// The label is drawn in reverse video over the filled part, so it reads on any theme,
/// monochrome included.
public struct Gauge: Widget {
    public var ratio: Double
    public var label: String?
    /// Style of the filled part (its foreground colour is the bar colour).
    public var filledStyle: Style
    /// Style of the unfilled track.
    public var trackStyle: Style
    public var labelStyle: Style

    public init(
        ratio: Double, label: String? = nil, filledStyle: Style = .none,
        trackStyle: Style = .none, labelStyle: Style = .none
    ) {
        self.ratio = ratio.isFinite ? min(max(ratio, 0), 1) : 0
        self.label = label
        self.filledStyle = filledStyle
        self.trackStyle = trackStyle
        self.labelStyle = labelStyle
    }

    /// "42%" for the default label.
    public var percentText: String { "\(Int((ratio * 100).rounded()))%" }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let eighths = Int((ratio * Double(area.width * 8)).rounded())
        let full = eighths / 8, partial = eighths % 8
        let y = area.y + (area.height - 1) / 2
        for row in area.y..<area.bottom {
            for i in 0..<area.width {
                let x = area.x + i
                if i < full {
                    buffer.set(x, row, Symbols.fullBlock, style: filledStyle)
                } else if i == full, partial > 0 {
                    buffer.set(x, row, Symbols.horizontalEighths[partial], style: filledStyle.patched(with: trackStyle.fg(nil)))
                } else {
                    buffer.set(x, row, "─", style: trackStyle)
                }
            }
        }
        let text = label ?? percentText
        let start = area.x + max(0, (area.width - text.terminalWidth) / 2)
        var x = start
        for s in text.unicodeScalars where s.terminalWidth > 0 {
            guard x + s.terminalWidth <= area.right else { break }
            let overFill = x - area.x < full
            let style = overFill ? labelStyle.patched(with: Style(fg: filledStyle.fg, add: .reverse)) : labelStyle
            buffer.set(x, y, s, style: style)
            x += s.terminalWidth
        }
    }
}
