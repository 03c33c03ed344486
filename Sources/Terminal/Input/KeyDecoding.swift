import CNcurses

/// Turns what `wget_wch` returns into `Key`s and what `getmouse` returns into `MouseEvent`s.
/// Pure functions of the raw codes, so the tables are unit-tested without a terminal.
public enum KeyDecoding {
    /// `code` is the wide character (when `isKeyCode` is false) or the `KEY_*` code.
    public static func decode(code: Int32, isKeyCode: Bool) -> Key? {
        if isKeyCode { return decodeKeyCode(code) }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Unicode.Scalar(UInt8(code) + 96))
        case 0..<32: return nil
        default:
            guard let s = Unicode.Scalar(UInt32(bitPattern: code)) else { return nil }
            return .char(s)
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_ENTER: return .enter
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// ncurses' `bstate` bits (exported from the shim because they are macro expressions).
    public struct MouseBits: Sendable {
        public static let leftPressed = UInt(TUI_BUTTON1_PRESSED), leftReleased = UInt(TUI_BUTTON1_RELEASED)
        public static let leftClicked = UInt(TUI_BUTTON1_CLICKED)
        public static let middlePressed = UInt(TUI_BUTTON2_PRESSED), middleReleased = UInt(TUI_BUTTON2_RELEASED)
        public static let middleClicked = UInt(TUI_BUTTON2_CLICKED)
        public static let rightPressed = UInt(TUI_BUTTON3_PRESSED), rightReleased = UInt(TUI_BUTTON3_RELEASED)
        public static let rightClicked = UInt(TUI_BUTTON3_CLICKED)
        public static let wheelUp = UInt(TUI_BUTTON4_PRESSED), wheelDown = UInt(TUI_BUTTON5_PRESSED)
    }

    /// A click (press+release reported together) counts as a press.
    public static func decodeMouse(bstate: UInt, x: Int, y: Int) -> MouseEvent? {
        typealias B = MouseBits
        let table: [(UInt, MouseEvent.Kind)] = [
            (B.wheelUp, .wheelUp), (B.wheelDown, .wheelDown),
            (B.leftPressed | B.leftClicked, .press(.left)), (B.leftReleased, .release(.left)),
            (B.middlePressed | B.middleClicked, .press(.middle)), (B.middleReleased, .release(.middle)),
            (B.rightPressed | B.rightClicked, .press(.right)), (B.rightReleased, .release(.right))
        ]
        for (bits, kind) in table where bstate & bits != 0 { return MouseEvent(kind, x: x, y: y) }
        return nil
    }
}
