/// A raster image at two pixels per cell: `▀` with the top pixel as foreground and the bottom
/// one as background (ratatui's `HalfBlockGrid`). Scaled by nearest neighbour to fit the area
/// with its aspect ratio kept, top-left aligned.
public struct HalfBlockImage: Widget {
    public enum Pixels: Sendable {
        /// Row-major colours.
        case color(width: Int, height: Int, [Color])
        /// Row-major intensities in 0…1, coloured through a gradient.
        case gray(width: Int, height: Int, [Double])
    }

    public enum Mode: Sendable {
        /// Half blocks in colour.
        case halfBlocks
        /// Shade characters `░▒▓█` by brightness, one per cell: for terminals without colour.
        case shades
    }

    public var pixels: Pixels
    public var gradient: Gradient
    public var mode: Mode
    /// At most this many cells per image pixel horizontally (1 keeps pixels square-ish small).
    public var maxScale: Int

    public init(
        _ pixels: Pixels, gradient: Gradient = Gradient([.rgb(0, 0, 0), .rgb(255, 255, 255)]),
        mode: Mode = .halfBlocks, maxScale: Int = 4
    ) {
        self.pixels = pixels
        self.gradient = gradient
        self.mode = mode
        self.maxScale = maxScale
    }

    private var pixelSize: (width: Int, height: Int) {
        switch pixels {
        case let .color(w, h, _), let .gray(w, h, _): return (w, h)
        }
    }

    /// Cells used in an area: the largest scale ≤ `maxScale` (or a shrink) that fits.
    public func displaySize(in area: Rect) -> Size {
        let (w, h) = pixelSize
        guard w > 0, h > 0 else { return Size(width: 0, height: 0) }
        let scale = min(Double(area.width) / Double(w), Double(area.height * 2) / Double(h), Double(maxScale))
        return Size(width: max(1, Int(Double(w) * scale)), height: max(1, Int((Double(h) * scale / 2).rounded(.up))))
    }

    private func color(_ x: Int, _ y: Int) -> Color {
        switch pixels {
        case let .color(w, _, c): return c[y * w + x]
        case let .gray(w, _, v): return gradient.color(at: v[y * w + x])
        }
    }

    private func brightness(_ x: Int, _ y: Int) -> Double {
        switch pixels {
        case let .gray(w, _, v): return v[y * w + x]
        case let .color(w, _, c):
            guard let rgb = c[y * w + x].rgbComponents else { return 0 }
            return (0.299 * Double(rgb.r) + 0.587 * Double(rgb.g) + 0.114 * Double(rgb.b)) / 255
        }
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let (w, h) = pixelSize
        let shown = displaySize(in: area)
        guard shown.width > 0, !area.isEmpty else { return }
        let rowsOfPixels = min(shown.height * 2, area.height * 2)
        for cy in 0..<min(shown.height, area.height) {
            for cx in 0..<min(shown.width, area.width) {
                let sx = cx * w / shown.width
                let top = (cy * 2) * h / rowsOfPixels
                let bottom = min(h - 1, (cy * 2 + 1) * h / rowsOfPixels)
                switch mode {
                case .halfBlocks:
                    buffer.set(
                        area.x + cx, area.y + cy, Symbols.upperHalf,
                        style: Style(fg: color(sx, top), bg: color(sx, bottom)))
                case .shades:
                    let b = (brightness(sx, top) + brightness(sx, bottom)) / 2
                    let level = Int((min(max(b, 0), 1) * Double(Symbols.shades.count - 1)).rounded())
                    buffer.set(area.x + cx, area.y + cy, Symbols.shades[level])
                }
            }
        }
    }
}
