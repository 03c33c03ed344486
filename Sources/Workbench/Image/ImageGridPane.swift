import Terminal

/// A grid of image samples at one trajectory step: half-block pixels (two pixel rows per cell,
/// one column per pixel, so pixels look square), each tile's label under it, the selected tile
/// outlined. Stateless: the application owns the selection.
///
/// Patch states follow the LLaDA colour conventions through theme roles:
/// - masked: `░` in the `masked` style (dim), never a guessed patch; `░` is kept out of the
///   monochrome pixel ramp, so masked patches stay distinct without colour;
/// - revealed this step: pixels tinted half-way toward the `committed` colour with its
///   attributes (bright green by default); in shade mode the `highlight` style, reversed, since
///   attributes are all a terminal without colour shows;
/// - revealed earlier: the theme's `image` gradient.
///
/// Layout: the largest integer scale up to `maxScale` at which every tile fits; when none does,
/// scale 1, as many tiles as fit (the page holding the selection) and "+N more" under them.
/// Where not even one outlined tile fits (80×24), tiles go without outlines, a column apart, and
/// the selected one's label is reversed instead.
struct ImageGridPane: Widget {
    var tiles: [ImageTile]
    var theme: Theme
    /// `.halfBlocks` in colour; `.shades` draws one shade character per cell (no colour needed).
    var mode: HalfBlockImage.Mode
    /// Index into `tiles` of the tile under the cursor.
    var selected: Int?
    /// Cells per image pixel horizontally at most (the vertical scale follows).
    var maxScale: Int

    /// `mode` defaults to shades for a theme without colour (e.g. `monochrome`).
    init(
        tiles: [ImageTile], theme: Theme, mode: HalfBlockImage.Mode? = nil, selected: Int? = nil,
        maxScale: Int = 3
    ) {
        self.tiles = tiles
        self.theme = theme
        self.mode = mode ?? (theme.usesColor ? .halfBlocks : .shades)
        self.selected = selected
        self.maxScale = max(1, maxScale)
    }

    /// Where tiles go in an area (also for mouse hit-testing): tiles `first ..< first +
    /// frames.count` are shown, `frames[k]` is the outline of tile `first + k` (the image is
    /// inside it, the label on the row below).
    struct Layout: Equatable, Sendable {
        var scale: Int
        var first: Int
        var frames: [Rect]
        /// Tiles not shown.
        var hidden: Int
        /// Whether frames include a one-cell outline around the image.
        var outlined = true
    }

    /// Rows the pane needs to show at least one row of tiles, compact, with "+N more" under it.
    static func minimumHeight(for tiles: [ImageTile]) -> Int {
        ((tiles.map(\.height).max() ?? 0) + 1) / 2 + 2
    }

    func layout(in area: Rect) -> Layout {
        let tileWidth = tiles.map(\.width).max() ?? 0, tileHeight = tiles.map(\.height).max() ?? 0
        guard !tiles.isEmpty, !area.isEmpty else { return Layout(scale: 1, first: 0, frames: [], hidden: tiles.count) }
        // A tile takes its image plus a one-cell outline on every side plus the label row (or,
        // compact, its image, a column of gap and the label row).
        var outline = 1
        func pitch(_ s: Int) -> (width: Int, height: Int) {
            (tileWidth * s + max(1, 2 * outline), (tileHeight * s + 1) / 2 + 2 * outline + 1)
        }
        func grid(_ s: Int, height: Int) -> (columns: Int, rows: Int) {
            let p = pitch(s)
            return (area.width / p.width, height / p.height)
        }
        let whole = grid(1, height: area.height), paged = grid(1, height: area.height - 1)
        if whole.columns * whole.rows < tiles.count && paged.columns * paged.rows == 0 { outline = 0 }
        var scale = 1
        var (columns, rows) = grid(1, height: area.height)
        for s in stride(from: maxScale, through: 1, by: -1) {
            let g = grid(s, height: area.height)
            if g.columns * g.rows >= tiles.count {
                (scale, columns, rows) = (s, g.columns, g.rows)
                break
            }
        }
        if columns * rows < tiles.count {
            rows = grid(1, height: area.height - 1).rows  // keep a row for "+N more"
        }
        let capacity = columns * rows
        guard capacity > 0 else { return Layout(scale: scale, first: 0, frames: [], hidden: tiles.count) }
        let cursor = min(max(selected ?? 0, 0), tiles.count - 1)
        let first = (cursor / capacity) * capacity
        let shown = min(capacity, tiles.count - first)
        let p = pitch(scale)
        let frames = (0..<shown).map { k in
            let (row, column) = k.quotientAndRemainder(dividingBy: columns)
            let tile = tiles[first + k]
            return Rect(
                x: area.x + column * p.width, y: area.y + row * p.height,
                width: tile.width * scale + 2 * outline, height: (tile.height * scale + 1) / 2 + 2 * outline)
        }
        return Layout(scale: scale, first: first, frames: frames, hidden: tiles.count - shown, outlined: outline == 1)
    }

    func render(in area: Rect, buffer: inout Buffer) {
        let layout = layout(in: area)
        for (k, frame) in layout.frames.enumerated() {
            let index = layout.first + k
            let isSelected = index == selected
            if isSelected && layout.outlined {
                buffer.render(Block(borders: .rounded, borderStyle: theme[.borderFocused]), in: frame)
            }
            draw(tiles[index], scale: layout.scale, in: layout.outlined ? frame.inset(by: 1) : frame, buffer: &buffer)
            let style = isSelected ? layout.outlined ? theme[.accent] : theme[.accent].reversed : theme[.dim]
            let label = Line(tiles[index].label, style: style, alignment: .center)
            label.render(x: frame.x, y: frame.bottom, width: frame.width, buffer: &buffer)
        }
        if layout.hidden > 0 {
            let y = layout.frames.map { $0.bottom + 1 }.max() ?? area.y
            if y < area.bottom {
                buffer.setString(area.x, y, "+\(layout.hidden) more", style: theme[.dim], limit: area.right)
            }
        }
    }

    /// One tile's pixels: cell (cx, cy) shows pixel column cx/s, pixel rows 2cy/s (top half) and
    /// (2cy+1)/s (bottom half, absent past the image's last row).
    private func draw(_ tile: ImageTile, scale s: Int, in area: Rect, buffer: inout Buffer) {
        let image = theme.gradient(.image)
        let committed = theme[.committed]
        let maskedColor = theme[.masked].fg ?? .default
        func color(_ row: Int, _ column: Int) -> Color {
            switch tile.state(row: row, column: column) {
            case .masked: return maskedColor
            case .revealedEarlier: return image.color(at: Double(tile[row, column]))
            case .revealedNow:
                let base = image.color(at: Double(tile[row, column]))
                guard let tint = committed.fg, tint.rgbComponents != nil else { return base }
                return base.mixed(with: tint, 0.5)
            }
        }
        for cy in 0..<min(area.height, (tile.height * s + 1) / 2) {
            for cx in 0..<min(area.width, tile.width * s) {
                let column = cx / s, top = 2 * cy / s
                let bottom = (2 * cy + 1) / s < tile.height ? (2 * cy + 1) / s : nil
                let halves = [top] + (bottom.map { [$0] } ?? [])
                let states = halves.map { tile.state(row: $0, column: column) }
                let (x, y) = (area.x + cx, area.y + cy)
                if states.allSatisfy({ $0 == .masked }) {
                    buffer.set(x, y, "░", style: theme[.masked])
                    continue
                }
                let isNew = states.contains(.revealedNow)
                switch mode {
                case .halfBlocks:
                    var style = Style(fg: color(top, column), bg: bottom.map { color($0, column) })
                    if isNew { style = style.adding(committed.add) }
                    buffer.set(x, y, Symbols.upperHalf, style: style)
                case .shades:
                    let revealed = halves.filter { tile.state(row: $0, column: column) != .masked }
                    let mean = revealed.reduce(Float(0)) { $0 + tile[$1, column] } / Float(revealed.count)
                    let level = Int((min(max(mean, 0), 1) * Float(Self.shadeRamp.count - 1)).rounded())
                    buffer.set(x, y, Self.shadeRamp[level], style: isNew ? theme[.highlight].adding(.reverse) : .none)
                }
            }
        }
    }

    /// Light to dark without `░`, which marks masked patches.
    static let shadeRamp: [Unicode.Scalar] = [" ", "▒", "▓", "█"]
}
