/// The text a terminal would show after a stream of ncurses output for xterm-256color: enough of
/// a VT emulator (cursor addressing and moves, erase, insert/delete, repeat, scroll region,
/// autowrap) that a benchmark can wait for words on screen. ncurses writes only changed cells,
/// so the raw byte stream often lacks whole words ("pausing…" → "paused" sends only "ed…").
/// Colours and attributes are ignored; every character is taken as one column wide.
struct ScreenModel {
    private(set) var rows: [[Character]]
    let width: Int, height: Int
    private var x = 0, y = 0
    private var saved = (0, 0)
    private var wrapPending = false
    private var insertMode = false
    private var top = 0, bottom: Int
    private var last: Character = " "
    private var parser = Parser.text
    private var utf8: [UInt8] = []
    private var sequence: [UInt8] = []

    private enum Parser { case text, escape, csi, osc, oscEscape, charset }

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bottom = height - 1
        rows = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// Row `i` as a string (trailing blanks kept).
    func line(_ i: Int) -> String { String(rows[i]) }

    /// The workbench's title reports a finished sample ("NFE 16 · 0.21 s"): what every pty bench
    /// waits for before it presses keys or measures.
    var showsFinishedSample: Bool { line(0).contains(/NFE \d+ · [0-9.]+ s/) }

    /// The workbench's status bar ends in "ready": its first frame is drawn.
    var showsReady: Bool { rows.contains { String($0).contains(/\sready *$/) } }

    func contains(_ text: String) -> Bool { rows.contains { String($0).contains(text) } }

    func contains(_ pattern: Regex<Substring>) -> Bool { rows.contains { String($0).contains(pattern) } }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        for b in bytes { feed(byte: b) }
    }

    private mutating func feed(byte b: UInt8) {
        switch parser {
        case .text: text(b)
        case .escape: escape(b)
        case .csi:
            sequence.append(b)
            if (0x40...0x7E).contains(b) {
                csi(sequence)
                parser = .text
            }
        case .osc:
            if b == 0x07 { parser = .text } else if b == 0x1B { parser = .oscEscape }
        case .oscEscape: parser = b == 0x5C ? .text : .osc
        case .charset: parser = .text
        }
    }

    private mutating func text(_ b: UInt8) {
        if !utf8.isEmpty || b >= 0x80 {
            utf8.append(b)
            let need = utf8[0] >= 0xF0 ? 4 : utf8[0] >= 0xE0 ? 3 : 2
            if utf8.count >= need {
                put(Character(String(decoding: utf8, as: UTF8.self)))
                utf8.removeAll()
            }
            return
        }
        switch b {
        case 0x1B: parser = .escape
        case 0x0D: x = 0; wrapPending = false
        case 0x0A: lineFeed()
        case 0x08: x = max(0, x - 1); wrapPending = false
        case 0x09: x = min(width - 1, (x / 8 + 1) * 8); wrapPending = false
        case 0x20...0x7E: put(Character(Unicode.Scalar(b)))
        default: break
        }
    }

    private mutating func escape(_ b: UInt8) {
        parser = .text
        switch b {
        case UInt8(ascii: "["): parser = .csi; sequence.removeAll()
        case UInt8(ascii: "]"): parser = .osc
        case UInt8(ascii: "("), UInt8(ascii: ")"): parser = .charset
        case UInt8(ascii: "7"): saved = (x, y)
        case UInt8(ascii: "8"): (x, y) = saved; wrapPending = false
        case UInt8(ascii: "M"): if y == top { scroll(down: 1) } else { y = max(0, y - 1) }
        case UInt8(ascii: "E"): x = 0; lineFeed()
        case UInt8(ascii: "c"): self = ScreenModel(width: width, height: height)
        default: break
        }
    }

    /// `sequence` is everything after ESC [ up to and including the final byte.
    private mutating func csi(_ sequence: [UInt8]) {
        let final = sequence.last!
        let body = sequence.dropLast()
        let isPrivate = body.first.map { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "!") } ?? false
        let params = String(decoding: body.filter { $0 == UInt8(ascii: ";") || (0x30...0x39).contains($0) }, as: UTF8.self)
            .split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        func p(_ i: Int, _ fallback: Int = 1) -> Int { i < params.count && params[i] > 0 ? params[i] : fallback }
        if isPrivate { return }
        wrapPending = false
        switch final {
        case UInt8(ascii: "H"), UInt8(ascii: "f"): y = clampY(p(0) - 1); x = clampX(p(1) - 1)
        case UInt8(ascii: "A"): y = max(0, y - p(0))
        case UInt8(ascii: "B"): y = min(height - 1, y + p(0))
        case UInt8(ascii: "C"): x = clampX(x + p(0))
        case UInt8(ascii: "D"): x = clampX(x - p(0))
        case UInt8(ascii: "G"): x = clampX(p(0) - 1)
        case UInt8(ascii: "d"): y = clampY(p(0) - 1)
        case UInt8(ascii: "K"): eraseLine(p(0, 0))
        case UInt8(ascii: "J"): eraseScreen(p(0, 0))
        case UInt8(ascii: "X"): for i in x..<min(width, x + p(0)) { rows[y][i] = " " }
        case UInt8(ascii: "b"): for _ in 0..<p(0) { put(last) }
        case UInt8(ascii: "@"): insertBlanks(p(0))
        case UInt8(ascii: "P"): deleteChars(p(0))
        case UInt8(ascii: "L"): if (top...bottom).contains(y) { shiftLines(from: y, down: p(0)) }
        case UInt8(ascii: "M"): if (top...bottom).contains(y) { shiftLines(from: y, down: -p(0)) }
        case UInt8(ascii: "S"): scroll(down: -p(0))
        case UInt8(ascii: "T"): scroll(down: p(0))
        case UInt8(ascii: "r"):
            top = clampY(p(0) - 1)
            bottom = clampY(p(1, height) - 1)
            (x, y) = (0, 0)
        case UInt8(ascii: "h"): if params.first == 4 { insertMode = true }
        case UInt8(ascii: "l"): if params.first == 4 { insertMode = false }
        default: break  // SGR (m), window ops (t), …
        }
    }

    private func clampX(_ v: Int) -> Int { min(max(v, 0), width - 1) }
    private func clampY(_ v: Int) -> Int { min(max(v, 0), height - 1) }

    private mutating func put(_ c: Character) {
        if wrapPending {
            x = 0
            lineFeed()
        }
        if insertMode { insertBlanks(1) }
        rows[y][x] = c
        last = c
        if x == width - 1 { wrapPending = true } else { x += 1 }
    }

    private mutating func lineFeed() {
        wrapPending = false
        if y == bottom { scroll(down: -1) } else { y = min(height - 1, y + 1) }
    }

    /// Moves the scroll region's lines by `down` (negative: up), blanking the vacated ones.
    private mutating func scroll(down n: Int) { shiftLines(from: top, down: n) }

    /// Moves lines `from…bottom` down by `n` (negative: up), blanking the vacated ones.
    private mutating func shiftLines(from start: Int, down n: Int) {
        let blank = Array(repeating: Character(" "), count: width)
        var region = Array(rows[start...bottom])
        if n > 0 {
            region = Array(repeating: blank, count: min(n, region.count)) + region.dropLast(min(n, region.count))
        } else if n < 0 {
            region = region.dropFirst(min(-n, region.count)) + Array(repeating: blank, count: min(-n, region.count))
        }
        rows.replaceSubrange(start...bottom, with: region)
    }

    private mutating func insertBlanks(_ n: Int) {
        for _ in 0..<min(n, width - x) {
            rows[y].insert(" ", at: x)
            rows[y].removeLast()
        }
    }

    private mutating func deleteChars(_ n: Int) {
        for _ in 0..<min(n, width - x) {
            rows[y].remove(at: x)
            rows[y].append(" ")
        }
    }

    private mutating func eraseLine(_ mode: Int) {
        let range = mode == 0 ? x..<width : mode == 1 ? 0..<(x + 1) : 0..<width
        for i in range { rows[y][i] = " " }
    }

    private mutating func eraseScreen(_ mode: Int) {
        let blank = Array(repeating: Character(" "), count: width)
        switch mode {
        case 0:
            eraseLine(0)
            for r in (y + 1)..<height { rows[r] = blank }
        case 1:
            eraseLine(1)
            for r in 0..<y { rows[r] = blank }
        default:
            rows = Array(repeating: blank, count: height)
        }
    }
}
