/// One screen cell: a single Unicode scalar with concrete colours and attributes.
///
/// 16 bytes, compared field by field in the diff. A wide character (width 2) occupies its own cell
/// and marks the next one as a continuation (scalar U+0000), which backends skip.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var fg: Color
    public var bg: Color
    public var attrs: Attributes

    @inlinable
    public init(_ scalar: Unicode.Scalar = " ", fg: Color = .default, bg: Color = .default, attrs: Attributes = []) {
        self.scalar = scalar
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    public static let blank = Cell()
    static let continuationScalar: Unicode.Scalar = "\u{0}"

    /// The trailing half of a wide character.
    public var isContinuation: Bool { scalar == Self.continuationScalar }

    @inlinable
    public mutating func apply(_ style: Style) {
        if let f = style.fg { fg = f }
        if let b = style.bg { bg = b }
        attrs = attrs.subtracting(style.remove).union(style.add)
    }

    @inlinable
    public static func == (a: Cell, b: Cell) -> Bool {
        a.scalar == b.scalar && a.fg.raw == b.fg.raw && a.bg.raw == b.bg.raw && a.attrs.rawValue == b.attrs.rawValue
    }
}
