import CNcurses

#if canImport(Glibc)
    import Glibc
#endif

/// A backend on a real terminal through ncursesw: one `SCREEN` from `newterm`, wide characters
/// via `cchar_t`, colours via extended pairs allocated by an LRU `ColorPairCache`.
///
/// ncurses is not thread-safe: create, use and close this on one thread.
public final class NcursesBackend: Backend {
    public let depth: ColorDepth
    public let terminalName: String
    private let screen: OpaquePointer
    private var pairs: ColorPairCache
    private var colorMemo: [UInt32: Int32] = [:]
    private var reportedEvictions = 0
    private var closed = false
    /// Cells written since creation (the benchmark's and tests' measure of output volume).
    public private(set) var cellsWritten = 0

    public enum InitError: Error, Equatable {
        /// `newterm` refused the terminal name.
        case newtermFailed(String)
    }

    /// Initialises curses on `output`/`input` (stdout/stdin when nil) for terminfo `terminalName`.
    /// The caller has already checked the terminal is usable (`Terminfo.probe`).
    public init(
        terminalName: String, depth: ColorDepth,
        output: UnsafeMutablePointer<FILE>? = nil, input: UnsafeMutablePointer<FILE>? = nil,
        mouse: Bool = true
    ) throws(InitError) {
        Self.ensureUTF8Locale()
        guard let scr = tui_newterm_files(terminalName, output ?? tui_stdout(), input ?? tui_stdin()) else {
            throw .newtermFailed(terminalName)
        }
        screen = scr
        _ = set_term(scr)
        self.terminalName = terminalName
        cbreak()
        noecho()
        nonl()
        keypad(tui_stdscr(), true)
        Self.defineCommonKeySequences()
        _ = curs_set(0)
        tui_set_escdelay(25)
        var depth = depth
        if depth > .monochrome, has_colors() {
            start_color()
            use_default_colors()
        } else {
            depth = .monochrome
        }
        self.depth = depth
        pairs = ColorPairCache(pairs: Int(max(1, tui_color_pairs()))) { pair, fg, bg in
            _ = init_extended_pair(pair, fg, bg)
        }
        if mouse {
            _ = mousemask(mmask_t(TUI_ALL_MOUSE_EVENTS), nil)
            _ = mouseinterval(0)
        }
    }

    deinit { close() }

    /// Wide glyphs (braille, blocks, box drawing) need a UTF-8 locale before `newterm`. The
    /// user's locale is used when it is UTF-8; otherwise (e.g. CI with no LANG) the character
    /// type falls back to C.UTF-8, as btop insists on a UTF-8 locale too.
    static func ensureUTF8Locale() {
        _ = setlocale(LC_ALL, "")
        func isUTF8() -> Bool {
            let set = String(cString: tui_codeset()).uppercased()
            return set == "UTF-8" || set == "UTF8"
        }
        if isUTF8() { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if isUTF8() { return }
        }
    }

    /// The glyph and colour pair at (x, y) in curses' own screen image (tests).
    func cellAt(x: Int, y: Int) -> (scalar: Unicode.Scalar, pair: Int32)? {
        var ch: wchar_t = 0
        var pair: Int32 = 0
        guard tui_cell_at(Int32(y), Int32(x), &ch, &pair) == OK, let s = Unicode.Scalar(UInt32(bitPattern: ch)) else {
            return nil
        }
        return (s, pair)
    }

    /// Leaves curses mode and frees the screen; the terminal is as it was before. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = set_term(screen)
        endwin()
        delscreen(screen)
    }

    public var size: Size { Size(width: Int(getmaxx(tui_stdscr())), height: Int(getmaxy(tui_stdscr()))) }

    private static let attributeTable: [attr_t] = (0..<32).map { bits -> attr_t in
        let a = Attributes(rawValue: UInt8(bits))
        var r = TUI_A_NORMAL
        if a.contains(.bold) { r |= TUI_A_BOLD }
        if a.contains(.dim) { r |= TUI_A_DIM }
        if a.contains(.italic) { r |= TUI_A_ITALIC }
        if a.contains(.underline) { r |= TUI_A_UNDERLINE }
        if a.contains(.reverse) { r |= TUI_A_REVERSE }
        return r
    }

    private func cursesColor(_ c: Color) -> Int32 {
        if let n = colorMemo[c.raw] { return n }
        if colorMemo.count > 4096 { colorMemo.removeAll(keepingCapacity: true) }
        let n = depth.cursesColor(c)
        colorMemo[c.raw] = n
        return n
    }

    public func write(_ changes: UnsafeBufferPointer<CellChange>) {
        var lastFg = UInt32.max, lastBg = UInt32.max
        var pair: Int32 = 0
        for change in changes {
            let cell = change.cell
            if cell.fg.raw != lastFg || cell.bg.raw != lastBg {
                lastFg = cell.fg.raw
                lastBg = cell.bg.raw
                pair = pairs.pair(fg: cursesColor(cell.fg), bg: cursesColor(cell.bg))
            }
            let attr = Self.attributeTable[Int(cell.attrs.rawValue & 31)]
            _ = tui_mvadd_wch_ext(change.y, change.x, wchar_t(bitPattern: cell.scalar.value), attr, pair)
        }
        cellsWritten += changes.count
    }

    public func flush() {
        wnoutrefresh(tui_stdscr())
        doupdate()
    }

    public func invalidate() { clearok(tui_stdscr(), true) }

    public func takeRepaintRequest() -> Bool {
        guard pairs.evictions != reportedEvictions else { return false }
        reportedEvictions = pairs.evictions
        return true
    }

    /// Waits up to `timeoutMilliseconds` (0: poll) for input. Returns nil on timeout, on an
    /// interrupted wait (a signal arrived) and for codes that are not keys.
    public func readEvent(timeoutMilliseconds: Int) -> Event? {
        wtimeout(tui_stdscr(), Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let r = wget_wch(tui_stdscr(), &ch)
        if r == ERR { return nil }
        let code = Int32(bitPattern: ch)
        if r == KEY_CODE_YES {
            if code == KEY_RESIZE { return .resize(size) }
            if code == KEY_MOUSE {
                var m = MEVENT()
                guard getmouse(&m) == OK else { return nil }
                return KeyDecoding.decodeMouse(bstate: UInt(m.bstate), x: Int(m.x), y: Int(m.y)).map(Event.mouse)
            }
        }
        return KeyDecoding.decode(code: code, isKeyCode: r == KEY_CODE_YES).map(Event.key)
    }

    /// Home/End arrive in several encodings (xterm's `ESC O H`, VT220's `ESC [ 1 ~`, tmux and
    /// screen's `ESC [ 1 ~`/`ESC [ 4 ~`); terminfo lists only one per terminal, so a TERM that
    /// does not match the emulator (xterm-256color inside tmux) would turn Home into Escape + text.
    /// Teaching ncurses all of them makes the keys work whatever TERM says.
    private static func defineCommonKeySequences() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END)
        ]
        for (sequence, code) in sequences { _ = define_key(sequence, code) }
    }
}
