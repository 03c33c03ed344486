/// A style *patch*: `nil` colours leave whatever the cell already has, so text drawn on a panel
/// keeps the panel's background without every widget having to know it (ratatui's model).
public struct Style: Hashable, Sendable {
    public var fg: Color?
    public var bg: Color?
    /// Attributes switched on.
    public var add: Attributes
    /// Attributes switched off.
    public var remove: Attributes

    public init(fg: Color? = nil, bg: Color? = nil, add: Attributes = [], remove: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.add = add
        self.remove = remove
    }

    /// Leaves cells untouched.
    public static let none = Style()

    public func fg(_ c: Color?) -> Style { var s = self; s.fg = c; return s }
    public func bg(_ c: Color?) -> Style { var s = self; s.bg = c; return s }
    public func adding(_ a: Attributes) -> Style { var s = self; s.add.formUnion(a); s.remove.subtract(a); return s }
    public func removing(_ a: Attributes) -> Style { var s = self; s.remove.formUnion(a); s.add.subtract(a); return s }
    public var bold: Style { adding(.bold) }
    public var dim: Style { adding(.dim) }
    public var reversed: Style { adding(.reverse) }
    public var underlined: Style { adding(.underline) }

    /// `other` applied on top of `self`.
    public func patched(with other: Style) -> Style {
        Style(
            fg: other.fg ?? fg, bg: other.bg ?? bg,
            add: add.subtracting(other.remove).union(other.add),
            remove: remove.subtracting(other.add).union(other.remove))
    }
}
