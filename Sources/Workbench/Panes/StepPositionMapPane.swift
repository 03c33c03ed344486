import Terminal

/// Positions on x, steps on y, each position shaded where it was committed by the confidence it
/// had then (░ ▒ ▓ █, and the confidence colour where the theme has colours; `◆` where a branch's
/// pin wrote it, at the branch's first step, the parent's commit it wrote over still shaded at
/// its own step), `·` while still masked, blank after; the cursor's column reversed, the viewed step marked `▸` and the steps
/// after it dim. Rows group consecutive steps when there are more steps than lines, and a
/// window of columns follows the cursor when there are more positions than cells. The first
/// line is a ruler of position numbers mod 10.
///
///     step 01234567890123
///      ▸ 1 ··█···········
///        2 ·· ···▓·······
struct StepPositionMapPane: Widget {
    var map: StepPositionMap
    var theme: Theme

    /// The shade for a commit confidence: four levels at 0.4, 0.7 and 0.9.
    static func shade(_ confidence: Float) -> Unicode.Scalar {
        Symbols.shades[confidence >= 0.9 ? 4 : confidence >= 0.7 ? 3 : confidence >= 0.4 ? 2 : 1]
    }

    func render(in area: Rect, buffer: inout Buffer) {
        guard area.height >= 2, area.width >= 8 else { return }
        guard map.totalSteps > 0 else {
            _ = buffer.setString(area.x, area.y, "no steps yet", style: theme[.dim], limit: area.right)
            return
        }
        let gutter = max(4, String(map.totalSteps).count + 2) + 1
        let visible = visibleColumns(width: area.width - gutter)
        let lines = area.height - 1
        let perLine = (map.totalSteps + lines - 1) / lines
        _ = buffer.setString(area.x, area.y, "step", style: theme[.dim], limit: area.x + gutter)
        for (k, c) in visible.enumerated() {
            let style = c.isCursor ? theme[.highlight].bold.reversed : theme[.dim]
            buffer.set(area.x + gutter + k, area.y, Unicode.Scalar(UInt8(48 + c.position % 10)), style: style)
        }
        for line in 0..<lines {
            let first = line * perLine + 1, last = min((line + 1) * perLine, map.totalSteps)
            guard first <= last else { break }
            let y = area.y + 1 + line
            let viewed = (first...last).contains(map.viewedStep)
            let future = first > map.viewedStep
            let label = (viewed ? "▸" : " ") + String(repeating: " ", count: gutter - 2 - String(first).count) + String(first)
            _ = buffer.setString(area.x, y, label, style: viewed ? theme[.highlight].bold : theme[.dim], limit: area.x + gutter)
            for (k, c) in visible.enumerated() {
                var glyph: Unicode.Scalar = " "
                var style = theme[.text]
                switch Self.mark(c, in: first...last) {
                case .pin:
                    glyph = Self.pinGlyph
                    style = theme[.highlight]
                case .commit(let confidence):
                    glyph = Self.shade(confidence)
                    if theme.usesColor { style = style.fg(theme.gradient(.confidence).color(at: Double(confidence))) }
                case .committedBefore:
                    break
                case .masked:
                    glyph = "·"
                    style = theme[.masked]
                }
                if future { style = style.dim }
                if c.isCursor { style = style.reversed }
                buffer.set(area.x + gutter + k, y, glyph, style: style)
            }
        }
    }

    /// What a column shows on a line of steps.
    enum Mark: Equatable {
        case pin
        case commit(confidence: Float)
        case committedBefore
        case masked
    }

    /// The pin or a commit made in `steps` (the pin wins a line that holds both it and the
    /// parent's commit it wrote over), blank once committed, masked before.
    static func mark(_ c: StepPositionMap.Column, in steps: ClosedRange<Int>) -> Mark {
        if let step = c.step, steps.contains(step) {
            if c.pinned { return .pin }
            if let confidence = c.confidence { return .commit(confidence: confidence) }
        }
        if let parent = c.overwritten, steps.contains(parent.step) { return .commit(confidence: parent.confidence) }
        if let step = c.overwritten?.step ?? c.step, step < steps.lowerBound { return .committedBefore }
        return .masked
    }

    /// A position the branch's pin wrote, at the step it begins.
    static let pinGlyph: Unicode.Scalar = "◆"

    /// The columns that fit in `width` cells: all, or a window centred on the cursor.
    func visibleColumns(width: Int) -> ArraySlice<StepPositionMap.Column> {
        guard width > 0 else { return [] }
        guard map.columns.count > width else { return map.columns[...] }
        let cursor = map.columns.firstIndex(where: \.isCursor) ?? 0
        let start = max(0, min(cursor - width / 2, map.columns.count - width))
        return map.columns[start..<(start + width)]
    }
}
