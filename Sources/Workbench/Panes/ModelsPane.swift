import Terminal

/// The model picker: bundled demos and folders opened with `:model`, the loaded one marked.
struct ModelsPane: Widget {
    var entries: [ModelCatalog.Entry]
    var selected: Int
    var loaded: String
    var theme: Theme

    func render(in area: Rect, buffer: inout Buffer) {
        guard !entries.isEmpty else {
            _ = buffer.setString(
                area.x, area.y, "no model folders found: open one with  :model PATH", style: theme[.dim],
                limit: area.right)
            return
        }
        let rows = entries.map { e -> [Span] in
            [
                Span(e.name == loaded ? "● " + e.name : "  " + e.name, style: e.name == loaded ? theme[.accent] : theme[.text]),
                Span(e.path, style: theme[.dim])
            ]
        }
        let table = Table(
            header: ["model", "folder"], rows: rows, widths: [.length(20), .fill(1)], headerStyle: theme[.title],
            selected: selected, highlightStyle: theme[.highlight].reversed)
        buffer.render(table, in: Rect(x: area.x, y: area.y, width: area.width, height: area.height - 2))
        if area.height >= 3 {
            _ = buffer.setString(
                area.x, area.bottom - 1, "↑/↓ select · Enter load · :model PATH opens any model folder",
                style: theme[.dim], limit: area.right)
        }
    }
}
