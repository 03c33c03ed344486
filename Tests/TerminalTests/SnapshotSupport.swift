import Testing

@testable import Terminal

/// Renders `widget` into a fresh `width`×`height` buffer.
func rendered(_ widget: some Widget, width: Int, height: Int, area: Rect? = nil) -> Buffer {
    var b = Buffer(width: width, height: height)
    widget.render(in: area ?? b.area, buffer: &b)
    return b
}

/// Compares a buffer's glyphs with an expected text snapshot; on mismatch the actual snapshot is
/// printed in source form so a reviewed change can be pasted back.
func expectSnapshot(_ buffer: Buffer, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = buffer.lines
    if actual != expected {
        let listing = actual.map { "    \"" + $0.replacingOccurrences(of: "\\", with: "\\\\") + "\"," }.joined(separator: "\n")
        Issue.record("snapshot differs; actual:\n\(listing)", sourceLocation: sourceLocation)
    }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
