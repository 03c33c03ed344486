/// Maps application colours to what a terminal of a given depth can show, and to the colour
/// number ncurses expects (`-1` = the terminal default).
extension ColorDepth {
    /// The colour as this depth would show it (`.default` when it cannot show colour at all).
    public func quantize(_ color: Color) -> Color {
        switch (self, color.kind) {
        case (_, .default), (.monochrome, _): return .default
        case (.truecolor, _): return color
        case (.palette256, .indexed): return color
        case let (.palette256, .rgb(r, g, b)): return .indexed(Self.nearest256(r, g, b))
        case let (.ansi16, .indexed(i)) where i < 16: return color
        case let (.ansi8, .indexed(i)) where i < 8: return color
        case (.ansi16, _), (.ansi8, _):
            let c = color.rgbComponents!
            let i = Self.nearestANSI(c.r, c.g, c.b, count: self == .ansi8 ? 8 : 16)
            return .indexed(i)
        }
    }

    /// The ncurses colour number for `color` at this depth. In direct-colour terminfo entries
    /// numbers 0–7 still mean palette colours, so RGB values below 8 are lifted to 8 (docs/platform.md §1).
    public func cursesColor(_ color: Color) -> Int32 {
        let q = quantize(color)
        switch q.kind {
        case .default: return -1
        case let .indexed(i):
            if self == .truecolor, i >= 8 {
                let c = XtermPalette.rgb(of: i)
                return max(8, Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b))
            }
            return Int32(i)
        case let .rgb(r, g, b): return max(8, Int32(r) << 16 | Int32(g) << 8 | Int32(b))
        }
    }

    /// The nearest of the 6×6×6 cube and the 24-step grey ramp (squared RGB distance).
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            let v = Int(v)
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return (v - 35) / 40
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeDistance = distance(r, g, b, XtermPalette.rgb(of: UInt8(cube)))
        let mean = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = mean > 238 ? 23 : max(0, (mean - 3) / 10)
        let grey = 232 + min(greyIndex, 23)
        let greyDistance = distance(r, g, b, XtermPalette.rgb(of: UInt8(grey)))
        return UInt8(greyDistance < cubeDistance ? grey : cube)
    }

    /// The nearest of the first `count` ANSI colours.
    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for i in 0..<count {
            let d = distance(r, g, b, XtermPalette.ansi[i])
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    private static func distance(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ c: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(r) - Int(c.0), dg = Int(g) - Int(c.1), db = Int(b) - Int(c.2)
        return dr * dr + dg * dg + db * db
    }
}
