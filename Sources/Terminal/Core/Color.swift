/// A colour as the application means it, before the terminal's colour depth is known.
///
/// Packed into one `UInt32` (kind in the top byte) so that comparing two cells in the frame diff
/// is a handful of integer compares rather than an enum switch.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt32

    private static let indexedTag: UInt32 = 1 << 24
    private static let rgbTag: UInt32 = 2 << 24

    @inlinable init(raw: UInt32) { self.raw = raw }

    /// The terminal's own foreground or background colour (transparent backgrounds).
    public static let `default` = Color(raw: 0)

    /// One of the 256 palette entries (0–15 are the ANSI colours the user's terminal defines).
    public static func indexed(_ index: UInt8) -> Color { Color(raw: indexedTag | UInt32(index)) }

    /// A 24-bit colour; quantised by the backend when the terminal has fewer colours.
    public static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        Color(raw: rgbTag | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b))
    }

    /// `0xRRGGBB`.
    public init(hex: UInt32) { self.init(raw: Self.rgbTag | (hex & 0xFF_FFFF)) }

    public enum Kind: Equatable, Sendable {
        case `default`
        case indexed(UInt8)
        case rgb(UInt8, UInt8, UInt8)
    }

    public var kind: Kind {
        switch raw >> 24 {
        case 1: return .indexed(UInt8(raw & 0xFF))
        case 2: return .rgb(UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF))
        default: return .default
        }
    }

    /// The colour as RGB components: palette entries use xterm's default palette.
    public var rgbComponents: (r: UInt8, g: UInt8, b: UInt8)? {
        switch kind {
        case .default: return nil
        case let .indexed(i): return XtermPalette.rgb(of: i)
        case let .rgb(r, g, b): return (r, g, b)
        }
    }

    public var description: String {
        switch kind {
        case .default: return "default"
        case let .indexed(i): return "\(i)"
        case let .rgb(r, g, b):
            return "#"
                + [r, g, b].map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined()
        }
    }

    public static let black = indexed(0), red = indexed(1), green = indexed(2), yellow = indexed(3)
    public static let blue = indexed(4), magenta = indexed(5), cyan = indexed(6), white = indexed(7)
    public static let brightBlack = indexed(8), brightRed = indexed(9), brightGreen = indexed(10)
    public static let brightYellow = indexed(11), brightBlue = indexed(12), brightMagenta = indexed(13)
    public static let brightCyan = indexed(14), brightWhite = indexed(15)

    /// Linear interpolation in RGB; `t` is clamped to 0…1. Non-RGB colours snap at the midpoint.
    public func mixed(with other: Color, _ t: Double) -> Color {
        let t = min(max(t, 0), 1)
        guard let a = rgbComponents, let b = other.rgbComponents else { return t < 0.5 ? self : other }
        func lerp(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) + (Double(y) - Double(x)) * t).rounded()) }
        return .rgb(lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b))
    }
}
