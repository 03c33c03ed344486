import MaskedDiffusion
import Terminal

/// A screen (a `Buffer`) as a file: plain text, or text with ANSI SGR escapes that reproduce
/// its colours and attributes in a terminal (`cat screen.ans`) or a converter such as aha.
enum ScreenExport {
    enum Format: Sendable {
        /// Glyphs only, trailing spaces trimmed from every line.
        case text
        /// Glyphs with SGR escapes; every line ends with the default style restored.
        case ansi
    }

    /// One line per buffer row, each ending in "\n".
    static func text(_ buffer: Buffer) -> String {
        buffer.lines.map { line in
            var line = Substring(line)
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// One line per buffer row, each ending in "\n". A style change emits one complete SGR
    /// (reset, attributes, foreground, background), so any line can be read on its own.
    /// Trailing blanks that would look the same without escapes (plain spaces on the default
    /// background, no underline or reverse) are trimmed.
    static func ansi(_ buffer: Buffer) -> String {
        var out = ""
        for y in 0..<buffer.height {
            var end = buffer.width
            while end > 0, isInvisibleBlank(buffer[end - 1, y]) { end -= 1 }
            var current = Cell.blank
            for x in 0..<end {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !sameStyle(cell, current) {
                    out += sgr(cell)
                    current = cell
                }
                out.unicodeScalars.append(cell.scalar)
            }
            if !sameStyle(current, .blank) { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// `text` or `ansi` written to `path` atomically.
    static func write(_ buffer: Buffer, as format: Format, to path: String) throws(ExportError) {
        let string = format == .text ? text(buffer) : ansi(buffer)
        try AtomicFile.store(Array(string.utf8), at: path) { ExportError(path: path, reason: $0) }
    }

    private static func sameStyle(_ a: Cell, _ b: Cell) -> Bool {
        a.fg == b.fg && a.bg == b.bg && a.attrs == b.attrs
    }

    private static func isInvisibleBlank(_ cell: Cell) -> Bool {
        cell.scalar == " " && cell.bg == .default && cell.attrs.isDisjoint(with: [.underline, .reverse])
    }

    /// `ESC[0;…m` setting the cell's whole style (`ESC[0m` for the default style).
    static func sgr(_ cell: Cell) -> String {
        var codes = ["0"]
        let attributeCodes: [(Attributes, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7")
        ]
        codes += attributeCodes.filter { cell.attrs.contains($0.0) }.map(\.1)
        codes += colorCodes(cell.fg, base: 30, brightBase: 90, extended: 38)
        codes += colorCodes(cell.bg, base: 40, brightBase: 100, extended: 48)
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// ANSI colours 0–7 and 8–15 as their short codes, other palette entries as `5;i`, RGB as `2;r;g;b`.
    private static func colorCodes(_ color: Color, base: Int, brightBase: Int, extended: Int) -> [String] {
        switch color.kind {
        case .default: return []
        case let .indexed(i) where i < 8: return ["\(base + Int(i))"]
        case let .indexed(i) where i < 16: return ["\(brightBase + Int(i) - 8)"]
        case let .indexed(i): return ["\(extended)", "5", "\(i)"]
        case let .rgb(r, g, b): return ["\(extended)", "2", "\(r)", "\(g)", "\(b)"]
        }
    }
}
