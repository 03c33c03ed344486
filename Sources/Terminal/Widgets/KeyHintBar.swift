/// One row of "key action" hints, from `KeyMap.hints`, cut at the last entry that fits.
public struct KeyHintBar: Widget {
    public var hints: [KeyMapEntry]
    public var style: Style
    public var keyStyle: Style
    public var separator: String

    public init<A>(keyMap: KeyMap<A>, style: Style = .none, keyStyle: Style = Style().bold, separator: String = " · ") {
        self.init(hints: keyMap.hints, style: style, keyStyle: keyStyle, separator: separator)
    }

    public init(
        hints: [KeyMapEntry], style: Style = .none, keyStyle: Style = Style().bold,
        separator: String = " · "
    ) {
        self.hints = hints
        self.style = style
        self.keyStyle = keyStyle
        self.separator = separator
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.setStyle(Rect(x: area.x, y: area.y, width: area.width, height: 1), style)
        var x = area.x + 1
        for (i, hint) in hints.enumerated() {
            let sep = i == 0 ? "" : separator
            let need = sep.terminalWidth + hint.keys.terminalWidth + 1 + hint.help.terminalWidth
            guard x + need <= area.right - 1 else { break }
            x = buffer.setString(x, area.y, sep, style: style)
            x = buffer.setString(x, area.y, hint.keys, style: style.patched(with: keyStyle))
            x = buffer.setString(x, area.y, " " + hint.help, style: style)
        }
    }
}
