/// A run of text with one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, style: Style = .none) {
        self.text = text
        self.style = style
    }
}

public enum Alignment: Sendable {
    case left, center, right
}

/// One logical line made of styled spans.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    public var spans: [Span]
    public var alignment: Alignment

    public init(_ spans: [Span], alignment: Alignment = .left) {
        self.spans = spans
        self.alignment = alignment
    }

    public init(_ text: String, style: Style = .none, alignment: Alignment = .left) {
        self.init([Span(text, style: style)], alignment: alignment)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var width: Int { spans.reduce(0) { $0 + $1.text.terminalWidth } }

    /// Draws the line in one row of `area` (clipped), honouring its alignment.
    public func render(x: Int, y: Int, width: Int, buffer: inout Buffer) {
        let w = self.width
        var cx = x
        switch alignment {
        case .left: break
        case .center: cx += max(0, (width - w) / 2)
        case .right: cx += max(0, width - w)
        }
        for span in spans { cx = buffer.setString(cx, y, span.text, style: span.style, limit: x + width) }
    }
}

/// Styled text in an area, optionally word-wrapped, scrolled by whole rows.
public struct Paragraph: Widget {
    public var lines: [Line]
    public var wrap: Bool
    /// Patched over the whole area first.
    public var style: Style
    /// Wrapped rows skipped at the top.
    public var scroll: Int

    public init(_ lines: [Line], wrap: Bool = true, style: Style = .none, scroll: Int = 0) {
        self.lines = lines
        self.wrap = wrap
        self.style = style
        self.scroll = scroll
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.setStyle(area, style)
        var rows: [Line] = []
        for line in lines {
            rows += wrap ? Self.wrapped(line, width: area.width) : [line]
            if rows.count >= scroll + area.height { break }
        }
        for (i, row) in rows.dropFirst(scroll).prefix(area.height).enumerated() {
            row.render(x: area.x, y: area.y + i, width: area.width, buffer: &buffer)
        }
    }

    /// Greedy word wrap across spans: breaks at the last space that fits (the space is dropped),
    /// or mid-word when a word is longer than the width.
    public static func wrapped(_ line: Line, width: Int) -> [Line] {
        guard width > 0, line.width > width else { return [line] }
        var pieces: [(Unicode.Scalar, Style)] = []
        for span in line.spans {
            for s in span.text.unicodeScalars where s.terminalWidth > 0 { pieces.append((s, span.style)) }
        }
        var rows: [Line] = []
        var start = 0
        while start < pieces.count {
            var used = 0, end = start, lastSpace = -1
            while end < pieces.count, used + pieces[end].0.terminalWidth <= width {
                if pieces[end].0 == " " { lastSpace = end }
                used += pieces[end].0.terminalWidth
                end += 1
            }
            var next = end
            if end < pieces.count {
                if pieces[end].0 == " " {
                    next = end + 1
                } else if lastSpace > start {
                    end = lastSpace
                    next = lastSpace + 1
                }
            }
            if end == start { end = start + 1; next = end }  // a glyph wider than the area
            rows.append(Line(spans(pieces[start..<end]), alignment: line.alignment))
            start = next
        }
        return rows
    }

    private static func spans(_ pieces: ArraySlice<(Unicode.Scalar, Style)>) -> [Span] {
        var result: [Span] = []
        for (s, style) in pieces {
            if let last = result.last, last.style == style {
                result[result.count - 1].text.unicodeScalars.append(s)
            } else {
                result.append(Span(String(Character(s)), style: style))
            }
        }
        return result
    }
}
