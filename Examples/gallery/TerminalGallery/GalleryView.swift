import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Where the gallery's parts go for a screen size (shared by rendering and mouse hit-testing).
struct GalleryLayout {
    let header: Rect
    let tabs: Rect
    let body: Rect
    let hints: Rect
    let status: Rect

    init(size: Size) {
        let rows = Rect(size: size).split(.vertical, [.length(1), .length(1), .fill(1), .length(1), .length(1)])
        header = rows[0]
        tabs = rows[1]
        body = rows[2]
        hints = rows[3]
        status = rows[4]
    }
}

extension GalleryApp {
    public func render(into buffer: inout Buffer) {
        let t = theme
        let layout = GalleryLayout(size: buffer.size)
        buffer.setStyle(buffer.area, t[.background])
        StatusBar(
            left: Line([Span("Unmask", style: t[.title]), Span(" · terminal gallery", style: t[.dim])]),
            right: Line("\(t.name) · \(depth)", style: t[.dim])
        )
        .render(in: layout.header, buffer: &buffer)
        Tabs(Self.tabTitles, selected: tab, style: t[.dim], highlightStyle: t[.highlight])
            .render(in: layout.tabs, buffer: &buffer)
        switch tab {
        case 0: renderDashboard(in: layout.body, buffer: &buffer)
        case 1: renderTable(in: layout.body, buffer: &buffer)
        default: renderColours(in: layout.body, buffer: &buffer)
        }
        KeyHintBar(keyMap: Self.keyMap, style: t[.dim], keyStyle: t[.key]).render(in: layout.hints, buffer: &buffer)
        let left: Line
        if let notice {
            left = Line(notice, style: t[.warning])
        } else {
            left = Line([
                Span("ready", style: t[.success]),
                Span(" · frame \(frame) · \(buffer.size) · key: \(lastKey) · mouse: \(lastMouse)")
            ])
        }
        StatusBar(
            left: left, right: Line(paused ? "paused" : "smoothing \(NiceTicks.fixed(smoothing, decimals: 2))"),
            style: t[.status]
        ).render(in: layout.status, buffer: &buffer)
        if showHelp {
            HelpOverlay(
                keyMap: Self.keyMap, style: t[.background].patched(with: t[.text]), borderStyle: t[.borderFocused],
                titleStyle: t[.title], groupStyle: t[.accent], keyStyle: t[.key]
            )
            .render(in: layout.body, buffer: &buffer)
        }
    }

    public func renderTooSmall(into buffer: inout Buffer) {
        TooSmallScreen(needed: minimumSize, style: theme[.background], goodStyle: theme[.success], badStyle: theme[.error])
            .render(in: buffer.area, buffer: &buffer)
    }

    private func panel(_ title: String, right: String? = nil, focused: Bool = false) -> Block {
        Block(
            title: title, rightTitle: right, borders: .rounded,
            borderStyle: theme[focused ? .borderFocused : .border], titleStyle: theme[.title])
    }

    private func renderDashboard(in area: Rect, buffer: inout Buffer) {
        let t = theme
        let columns = area.split(.horizontal, [.percentage(62), .fill(1)])
        let left = columns[0].split(.vertical, [.fill(3), .length(7)])
        let right = columns[1].split(.vertical, [.fill(1), .min(6)])

        let window = max(60, left[0].width * 2)
        let first = max(0, frame - window + 1)
        let curves = GalleryData.curves(first: first, count: window)
        let chartBlock = panel("Training curves", right: "EMA \(NiceTicks.fixed(smoothing, decimals: 2))", focused: true)
        chartBlock.render(in: left[0], buffer: &buffer)
        LineChart(
            series: curves.enumerated().map {
                ChartSeries(name: $0.element.name, points: $0.element.values, style: t.seriesStyle($0.offset))
            },
            smoothing: smoothing, axisStyle: t[.axis], labelStyle: t[.dim], xTitle: "step"
        )
        .render(in: chartBlock.inner(left[0]), buffer: &buffer)

        let statsBlock = panel("Throughput · progress")
        statsBlock.render(in: left[1], buffer: &buffer)
        let stats = statsBlock.inner(left[1]).split(.vertical, [.length(2), .length(1), .length(1), .length(1)])
        Sparkline(GalleryData.throughput(last: frame + 200, count: max(1, stats[0].width)), maximum: 90, style: t.seriesStyle(1))
            .render(in: stats[0], buffer: &buffer)
        let progress = Double(frame % 600) / 600
        Gauge(
            ratio: progress, label: "epoch \(NiceTicks.fixed(progress * 100, decimals: 0))%", filledStyle: t.seriesStyle(0),
            trackStyle: t[.dim], labelStyle: t[.text]
        ).render(in: stats[2], buffer: &buffer)
        Gauge(
            ratio: 0.5 + 0.4 * GalleryData.noise(frame / 15), filledStyle: t.seriesStyle(2), trackStyle: t[.dim],
            labelStyle: t[.text]
        )
        .render(in: stats[3], buffer: &buffer)

        let imageBlock = panel("Image · half blocks")
        imageBlock.render(in: right[0], buffer: &buffer)
        let mode: HalfBlockImage.Mode = depth == .monochrome || !t.usesColor ? .shades : .halfBlocks
        HalfBlockImage(
            .gray(width: 32, height: 32, GalleryData.ripple(size: 32, phase: Double(frame) / 6)),
            gradient: t.gradient(.heat), mode: mode
        )
        .render(in: imageBlock.inner(right[0]).inset(horizontal: 1, vertical: 0), buffer: &buffer)

        let notesBlock = panel("Text")
        notesBlock.render(in: right[1], buffer: &buffer)
        Paragraph([
            Line([
                Span("Masked ", style: t[.masked]), Span("░ ░ ", style: t[.masked]), Span("committed ", style: t[.committed]),
                Span("prompt", style: t[.prompt]),
                Span(" · wrapped text with styled spans flows to the next line.", style: t[.text])
            ]),
            Line([Span("warning ", style: t[.warning]), Span("error ", style: t[.error]), Span("accent", style: t[.accent])])
        ]).render(in: notesBlock.inner(right[1]).inset(horizontal: 1, vertical: 0), buffer: &buffer)
    }

    private func renderTable(in area: Rect, buffer: inout Buffer) {
        let t = theme
        let columns = area.split(.horizontal, [.percentage(60), .fill(1)])
        let block = panel("Runs", right: "\(selectedRow + 1)/\(tableRows)", focused: true)
        block.render(in: columns[0], buffer: &buffer)
        let rows: [[Span]] = (0..<tableRows).map { i in
            let decay: Double = exp(-Double(i) / 9)
            let loss: Double = 0.4 + 1.6 * decay + 0.1 * GalleryData.noise(i)
            let status: Span
            if i % 7 == 3 {
                status = Span("failed", style: t[.error])
            } else if i < 2 {
                status = Span("running", style: t[.accent])
            } else {
                status = Span("done", style: t[.success])
            }
            return [Span("run-\(i + 1)"), Span("\((i + 1) * 250)"), Span(NiceTicks.fixed(loss, decimals: 3)), status]
        }
        Table(
            header: ["name", "steps", "loss", "status"], rows: rows,
            widths: [.fill(2), .length(7), .length(7), .length(8)], headerStyle: t[.accent],
            selected: selectedRow, highlightStyle: t[.highlight]
        )
        .render(in: block.inner(columns[0]), buffer: &buffer)

        let textBlock = panel("Wrapping")
        textBlock.render(in: columns[1], buffer: &buffer)
        let selected = rows[selectedRow]
        Paragraph([
            Line([
                Span("Selected ", style: t[.dim]), Span(selected[0].text, style: t[.accent]), Span(" · loss ", style: t[.dim]),
                Span(selected[2].text)
            ]),
            "",
            Line(
                "Widgets are stateless: they draw a value into an area of a buffer. The renderer diffs the buffer against the previous frame, so only changed cells reach the terminal.",
                style: t[.text]),
            "",
            Line("Arrows, j/k, PgUp/PgDn, Home/End and the mouse wheel move the selection.", style: t[.dim])
        ]).render(in: textBlock.inner(columns[1]).inset(horizontal: 1, vertical: 0), buffer: &buffer)
    }

    private func renderColours(in area: Rect, buffer: inout Buffer) {
        let t = theme
        let block = panel("Theme \(t.name)", right: "\(depth): \(depthReason)", focused: true)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
        let halves = inner.split(.horizontal, [.length(24), .fill(1)])
        for (i, role) in ThemeRole.allCases.enumerated() where i < halves[0].height {
            buffer.setString(halves[0].x, halves[0].y + i, role.rawValue, style: t[role])
        }
        var y = halves[1].y
        func ramp(_ name: String, _ colors: (Double) -> Color) {
            guard y + 1 < halves[1].bottom else { return }
            buffer.setString(halves[1].x, y, name, style: t[.dim])
            let w = halves[1].width
            for x in 0..<w {
                buffer.set(halves[1].x + x, y + 1, "█", style: Style(fg: colors(Double(x) / Double(max(1, w - 1)))))
            }
            y += 3
        }
        for g in GradientRole.allCases { ramp("gradient \(g.rawValue)", { t.gradient(g).color(at: $0) }) }
        ramp("chart series") { x in
            t.series.isEmpty ? .default : t.series[min(t.series.count - 1, Int(x * Double(t.series.count)))]
        }
        if y < halves[1].bottom {
            buffer.setString(
                halves[1].x, y, "themes: " + themeNames.joined(separator: ", ") + " (t switches)", style: t[.dim],
                limit: halves[1].right)
        }
    }
}
