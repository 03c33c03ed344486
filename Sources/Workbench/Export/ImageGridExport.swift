/// Image samples as one PNG: tiles in a grid, left to right then down, each image pixel a
/// `scale`×`scale` block, 1-pixel white lines between tiles (and white in empty slots of the
/// last row). Masked patches are a checker of two mid greys at the image's pixel pitch, so they
/// can never be mistaken for ink (white) or background (black).
enum ImageGridExport {
    /// Gray levels of the checker and of the gaps.
    static let checkerDark: UInt8 = 80, checkerLight: UInt8 = 176, gap: UInt8 = 255

    /// The grid as an 8-bit gray raster. `columns` defaults to ⌈√n⌉ (a near-square sheet).
    /// Tiles of different sizes sit top-left in slots of the largest size.
    static func render(_ tiles: [ImageTile], columns: Int? = nil, scale: Int = 4) -> Raster {
        precondition(!tiles.isEmpty && scale >= 1, "ImageGridExport: no tiles, or scale below 1")
        let columns = max(1, min(tiles.count, columns ?? Int(Double(tiles.count).squareRoot().rounded(.up))))
        let rows = (tiles.count + columns - 1) / columns
        let slotWidth = tiles.map(\.width).max()! * scale, slotHeight = tiles.map(\.height).max()! * scale
        let width = columns * slotWidth + columns - 1, height = rows * slotHeight + rows - 1
        var pixels = [UInt8](repeating: gap, count: width * height)
        for (n, tile) in tiles.enumerated() {
            let (row, column) = n.quotientAndRemainder(dividingBy: columns)
            let (x0, y0) = (column * (slotWidth + 1), row * (slotHeight + 1))
            for y in 0..<tile.height * scale {
                for x in 0..<tile.width * scale {
                    let (r, c) = (y / scale, x / scale)
                    let value: UInt8
                    if tile.state(row: r, column: c) == .masked {
                        value = (r + c) % 2 == 0 ? checkerDark : checkerLight
                    } else {
                        value = UInt8((min(max(tile[r, c], 0), 1) * 255).rounded())
                    }
                    pixels[(y0 + y) * width + x0 + x] = value
                }
            }
        }
        return Raster(width: width, height: height, format: .gray, pixels: pixels)
    }

    /// `render` written to `path` as a PNG (atomically).
    static func write(_ tiles: [ImageTile], to path: String, columns: Int? = nil, scale: Int = 4) throws(ExportError) {
        guard !tiles.isEmpty else { throw ExportError(path: path, reason: "no images to export") }
        guard scale >= 1 else { throw ExportError(path: path, reason: "scale \(scale) is below 1") }
        try PNGWriter.write(render(tiles, columns: columns, scale: scale), to: path)
    }
}
