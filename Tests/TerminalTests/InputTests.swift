import Testing

@testable import Terminal

/// Key codes are ncurses' own numbers (curses.h), so these also pin the decoding to the ABI.
struct KeyDecodingTests {
    func key(_ code: Int32, _ isKeyCode: Bool = true) -> Key? { KeyDecoding.decode(code: code, isKeyCode: isKeyCode) }

    @Test func navigationKeyCodes() {
        #expect(key(0o402) == .down)
        #expect(key(0o403) == .up)
        #expect(key(0o404) == .left)
        #expect(key(0o405) == .right)
        #expect(key(0o406) == .home)
        #expect(key(0o550) == .end)
        #expect(key(0o523) == .pageUp)
        #expect(key(0o522) == .pageDown)
        #expect(key(0o541) == .backTab)
        #expect(key(0o407) == .backspace)
        #expect(key(0o512) == .delete)
        #expect(key(0o527) == .enter)
    }

    @Test func functionKeys() {
        #expect(key(0o410 + 1) == .function(1))
        #expect(key(0o410 + 5) == .function(5))
        #expect(key(0o410 + 12) == .function(12))
        #expect(key(0o410) == nil)  // KEY_F0 is not a key on keyboards
        #expect(key(0o632) == nil)  // KEY_RESIZE is an event, not a key
    }

    @Test func charactersAndControls() {
        #expect(key(Int32(UInt8(ascii: "q")), false) == .char("q"))
        #expect(key(0x28FF, false) == .char("⣿"))
        #expect(key(9, false) == .tab)
        #expect(key(13, false) == .enter)
        #expect(key(10, false) == .enter)
        #expect(key(27, false) == .escape)
        #expect(key(127, false) == .backspace)
        #expect(key(3, false) == .ctrl("c"))
        #expect(key(1, false) == .ctrl("a"))
        #expect(key(26, false) == .ctrl("z"))
        #expect(key(0, false) == nil)
    }

    @Test func keyNames() {
        #expect(Key.ctrl("c").description == "Ctrl-C")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.backTab.description == "Shift-Tab")
        #expect(Key.function(1).description == "F1")
        #expect(Key.pageDown.description == "PgDn")
    }

    @Test func mouseButtonsAndWheel() {
        typealias B = KeyDecoding.MouseBits
        #expect(KeyDecoding.decodeMouse(bstate: B.leftPressed, x: 3, y: 4) == MouseEvent(.press(.left), x: 3, y: 4))
        #expect(KeyDecoding.decodeMouse(bstate: B.leftClicked, x: 0, y: 0)?.kind == .press(.left))
        #expect(KeyDecoding.decodeMouse(bstate: B.rightReleased, x: 0, y: 0)?.kind == .release(.right))
        #expect(KeyDecoding.decodeMouse(bstate: B.wheelUp, x: 9, y: 1)?.kind == .wheelUp)
        #expect(KeyDecoding.decodeMouse(bstate: B.wheelDown, x: 9, y: 1)?.kind == .wheelDown)
        #expect(KeyDecoding.decodeMouse(bstate: 0, x: 0, y: 0) == nil)
        #expect(B.wheelUp != B.wheelDown && B.leftPressed != B.leftReleased)
    }
}

struct KeyMapTests {
    enum A: Hashable, Sendable { case quit, help, next }
    let map = KeyMap<A>([
        KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General", hint: true),
        KeyBinding(key: .tab, action: .next, help: "next pane", group: "Navigation", hint: true),
        KeyBinding(key: .char("?"), action: .help, help: "help", group: "General"),
        KeyBinding(key: .ctrl("c"), action: .quit, help: "quit", group: "General"),
        KeyBinding(key: .char("q"), action: .help, help: "shadowed", group: "General")
    ])

    @Test func lookupFirstBindingWins() {
        #expect(map.action(for: .char("q")) == .quit)
        #expect(map.action(for: .ctrl("c")) == .quit)
        #expect(map.action(for: .char("x")) == nil)
    }

    @Test func helpGroupsActionsAndJoinsTheirKeys() {
        let sections = map.helpSections
        #expect(sections.map(\.group) == ["General", "Navigation"])
        #expect(sections[0].entries == [KeyMapEntry(keys: "q / Ctrl-C", help: "quit"), KeyMapEntry(keys: "? / q", help: "help")])
        #expect(sections[1].entries == [KeyMapEntry(keys: "Tab", help: "next pane")])
    }

    @Test func hintsAreTheFlaggedActionsWithTheirFirstKey() {
        #expect(map.hints == [KeyMapEntry(keys: "q", help: "quit"), KeyMapEntry(keys: "Tab", help: "next pane")])
    }
}
