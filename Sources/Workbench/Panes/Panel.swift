import Terminal

extension Buffer {
    /// Draws a bordered panel in the theme's colours and returns the area inside it.
    @discardableResult
    mutating func panel(_ title: String, right: String? = nil, in area: Rect, theme: Theme, focused: Bool = false) -> Rect {
        let block = Block(
            title: title, rightTitle: right, borderStyle: theme[focused ? .borderFocused : .border],
            titleStyle: theme[.title])
        render(block, in: area)
        return block.inner(area)
    }
}
