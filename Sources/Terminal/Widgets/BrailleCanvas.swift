/// A dot grid of 2×4 dots per cell rendered with braille characters (U+2800 + bits).
/// Each cell has one foreground colour, so the last layer to draw a dot in a cell owns it;
/// callers draw in z-order.
public struct BrailleCanvas {
    public let width: Int  // cells
    public let height: Int  // cells
    private var bits: [UInt8]
    private var owner: [Int16]

    /// Dot bits by (column, row) within a cell (drawille's table).
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = [UInt8](repeating: 0, count: self.width * self.height)
        owner = [Int16](repeating: -1, count: self.width * self.height)
    }

    public var dotWidth: Int { width * 2 }
    public var dotHeight: Int { height * 4 }

    /// Sets dot (x, y), origin top-left, for `layer` (an index into the styles given to `render`).
    public mutating func set(_ x: Int, _ y: Int, layer: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y / 4) * width + x / 2
        bits[i] |= Self.dotBits[x & 1][y & 3]
        owner[i] = Int16(layer)
    }

    /// A straight line of dots (Bresenham), endpoints included.
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, layer: Int) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var guardSteps = dx - dy + 1
        while guardSteps > 0 {
            set(x, y, layer: layer)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            guardSteps -= 1
        }
    }

    /// Draws cells that have dots at `origin`, styled by the owning layer.
    public func render(at x0: Int, _ y0: Int, styles: [Style], buffer: inout Buffer) {
        for cy in 0..<height {
            for cx in 0..<width {
                let i = cy * width + cx
                guard bits[i] != 0 else { continue }
                let o = Int(owner[i])
                let style = o >= 0 && o < styles.count ? styles[o] : .none
                buffer.set(x0 + cx, y0 + cy, Unicode.Scalar(0x2800 + UInt32(bits[i]))!, style: style)
            }
        }
    }
}
