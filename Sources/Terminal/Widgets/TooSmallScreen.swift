/// What to draw instead of a layout that cannot fit: "Terminal too small", the size needed and
/// the size there is, each dimension marked good or bad (btop's notice).
public struct TooSmallScreen: Widget {
    public var needed: Size
    public var style: Style
    public var goodStyle: Style
    public var badStyle: Style

    public init(
        needed: Size, style: Style = .none, goodStyle: Style = Style(fg: .green, add: .bold),
        badStyle: Style = Style(fg: .red, add: .bold)
    ) {
        self.needed = needed
        self.style = style
        self.goodStyle = goodStyle
        self.badStyle = badStyle
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area, " ", style: style)
        let have = area.size
        let wStyle = have.width >= needed.width ? goodStyle : badStyle
        let hStyle = have.height >= needed.height ? goodStyle : badStyle
        let need = "\(needed.width)×\(needed.height)"
        // Each line in the longest form that fits: in a very narrow window the title shortens
        // and the sizes keep only what is needed (once both lines fell back to the same "W×H").
        let forms: [[Line]] = [
            [
                Line("Terminal too small", style: Style().bold, alignment: .center),
                Line("too small", style: Style().bold, alignment: .center)
            ],
            [
                Line(
                    [
                        Span("need \(need), have "), Span("\(have.width)", style: wStyle), Span("×"),
                        Span("\(have.height)", style: hStyle)
                    ], alignment: .center),
                Line("need \(need)", alignment: .center),
                Line(need, alignment: .center)
            ]
        ]
        // Narrower than even "W×H": the numbers clipped, rather than a blank screen.
        let lines = [forms[0].first { $0.width <= area.width }, forms[1].first { $0.width <= area.width } ?? forms[1].last]
            .compactMap { $0 }
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < area.bottom {
            line.render(x: area.x, y: top + i, width: area.width, buffer: &buffer)
        }
    }
}
