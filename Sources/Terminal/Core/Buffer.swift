/// A grid of cells that widgets draw into. A `Renderer` keeps two of these and sends the backend
/// only the cells that differ between frames.
///
/// Every drawing method clips to the buffer, so widgets may draw partly off-screen.
public struct Buffer: Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    public init(size: Size) { self.init(width: size.width, height: size.height) }

    public var size: Size { Size(width: width, height: height) }
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    @inlinable
    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Every cell set to `cell` (start of a frame).
    public mutating func reset(to cell: Cell = .blank) {
        cells.withUnsafeMutableBufferPointer { p in p.update(repeating: cell) }
    }

    /// One scalar at (x, y) with `style` patched over the cell. Wide scalars mark the next cell
    /// as a continuation; a wide scalar that would not fit at the right edge becomes a space.
    public mutating func set(_ x: Int, _ y: Int, _ scalar: Unicode.Scalar, style: Style = .none) {
        guard contains(x: x, y: y) else { return }
        let i = y * width + x
        // Never leave half of a wide character behind: its other half becomes a space.
        if cells[i].isContinuation, x > 0 { cells[i - 1].scalar = " " }
        if x + 1 < width, cells[i + 1].isContinuation { cells[i + 1].scalar = " " }
        var s = scalar
        if s.terminalWidth == 2 {
            if x + 1 < width {
                cells[i + 1].scalar = Cell.continuationScalar
                cells[i + 1].apply(style)
            } else {
                s = " "
            }
        }
        cells[i].scalar = s
        cells[i].apply(style)
    }

    /// Patches only the style of (x, y), keeping its glyph.
    public mutating func setStyle(_ x: Int, _ y: Int, _ style: Style) {
        guard contains(x: x, y: y) else { return }
        cells[y * width + x].apply(style)
    }

    /// Writes `string` from (x, y) rightwards, stopping before column `limit` (default: the buffer
    /// edge). Zero-width scalars are dropped. Returns the column after the last one written.
    @discardableResult
    public mutating func setString(_ x: Int, _ y: Int, _ string: String, style: Style = .none, limit: Int? = nil) -> Int {
        let end = min(limit ?? width, width)
        var cx = x
        guard y >= 0, y < height else { return x }
        for scalar in string.unicodeScalars {
            let w = scalar.terminalWidth
            if w == 0 { continue }
            if cx + w > end { break }
            if cx >= 0 { set(cx, y, scalar, style: style) }
            cx += w
        }
        return cx
    }

    /// Patches `style` over every cell of `rect` (glyphs kept).
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            let row = y * width
            for x in r.x..<r.right { cells[row + x].apply(style) }
        }
    }

    /// `scalar` with `style` in every cell of `rect`.
    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", style: Style = .none) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            let row = y * width
            for x in r.x..<r.right {
                cells[row + x].scalar = scalar
                cells[row + x].apply(style)
            }
        }
    }

    /// The glyphs of each row (continuations omitted): what a text snapshot compares.
    public var lines: [String] {
        (0..<height).map { y in
            var s = String.UnicodeScalarView()
            for x in 0..<width where !self[x, y].isContinuation { s.append(self[x, y].scalar) }
            return String(s)
        }
    }
}
