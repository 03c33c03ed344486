import Testing
@testable import Terminal

@Test func moduleLoads() {
    #expect(String(describing: TerminalLayer.self) == "TerminalLayer")
}
