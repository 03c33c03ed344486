/// How many colours the terminal can show, in decreasing order of richness.
public enum ColorDepth: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// Attributes only: every colour becomes the terminal default.
    case monochrome
    /// The 8 basic ANSI colours (e.g. the Linux console, vt100-class terminfo).
    case ansi8
    /// The 16 ANSI colours.
    case ansi16
    /// xterm's 256-colour palette.
    case palette256
    /// 24-bit colour through a `*-direct` terminfo (the colour number is 0xRRGGBB).
    case truecolor

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .monochrome: return "monochrome"
        case .ansi8: return "8 colours"
        case .ansi16: return "16 colours"
        case .palette256: return "256 colours"
        case .truecolor: return "truecolor"
        }
    }
}
