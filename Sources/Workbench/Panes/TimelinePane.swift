import Terminal

/// Where the viewer is in a trajectory: play state, step of total, a scrub bar, playback
/// speed, and the branches with the viewed one highlighted.
public struct TimelinePane: Widget {
    public struct BranchLabel: Equatable, Sendable {
        public var name: String
        public var forkStep: Int
        public var steps: Int
        public var finished: Bool
    }

    public var step: Int
    public var total: Int
    public var finished: Bool
    public var playing: Bool
    /// Steps per second.
    public var speed: Double
    public var branches: [BranchLabel]
    public var current: Int
    public var theme: Theme

    public init(step: Int, total: Int, finished: Bool, playing: Bool, speed: Double, branches: [BranchLabel],
                current: Int, theme: Theme) {
        self.step = step
        self.total = total
        self.finished = finished
        self.playing = playing
        self.speed = speed
        self.branches = branches
        self.current = current
        self.theme = theme
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.height >= 1, area.width >= 20 else { return }
        let icon = playing ? "▶" : "‖"
        let counter = "step \(step)/\(total)\(finished ? "" : "…")"
        let speedText = " \(format(speed)) steps/s"
        var x = area.x
        x = buffer.setString(x, area.y, icon + "  ", style: theme[.accent].bold, limit: area.right)
        x = buffer.setString(x, area.y, counter + "  ", style: theme[.text], limit: area.right)
        let barWidth = max(4, area.right - x - speedText.count)
        let knob = total > 0 ? min(barWidth - 1, step * (barWidth - 1) / total) : 0
        for i in 0..<barWidth where x + i < area.right {
            let (glyph, role): (Unicode.Scalar, ThemeRole) = i < knob ? ("━", .accent) : i == knob ? ("●", .highlight) : ("─", .dim)
            buffer.set(x + i, area.y, glyph, style: theme[role])
        }
        _ = buffer.setString(x + barWidth, area.y, speedText, style: theme[.dim], limit: area.right)
        guard area.height >= 2 else { return }
        var bx = buffer.setString(area.x, area.y + 1, "branches  ", style: theme[.dim], limit: area.right)
        for (i, b) in branches.enumerated() {
            let label = b.forkStep == 0 ? b.name : "\(b.name) (from step \(b.forkStep))"
            let style = i == current ? theme[.highlight].bold.underlined : theme[.text]
            bx = buffer.setString(bx, area.y + 1, label, style: style, limit: area.right)
            if i < branches.count - 1 { bx = buffer.setString(bx, area.y + 1, " · ", style: theme[.dim], limit: area.right) }
            if bx >= area.right { break }
        }
    }
}
