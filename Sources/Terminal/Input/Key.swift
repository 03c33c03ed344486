/// A key press, decoded from ncurses' character or key code.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (including space).
    case char(Unicode.Scalar)
    /// Ctrl plus a letter, lower-case (`ctrl("c")`). Tab, Enter and Backspace are their own keys.
    case ctrl(Unicode.Scalar)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1…F24.
    case function(Int)

    /// The name shown in help and the key-hint bar, ASCII only so tests and logs can match it.
    public var description: String {
        switch self {
        case let .char(c): return c == " " ? "Space" : String(Character(c))
        case let .ctrl(c): return "Ctrl-" + String(Character(c)).uppercased()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case let .function(n): return "F\(n)"
        }
    }
}
