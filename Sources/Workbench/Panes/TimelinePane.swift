import Terminal

/// Where the viewer is in a trajectory: play state, step of total, a scrub bar, playback
/// speed, and the branches with the viewed one highlighted.
struct TimelinePane: Widget {
    struct BranchLabel: Equatable, Sendable {
        var name: String
        var forkStep: Int
        var steps: Int
        var finished: Bool
        /// The pinned token and position, as shown ("'*'@19"), if the branch pins one.
        var pin: String?

        /// "b2 (step 4, '*'@19)": the name, where it forked and what it pins.
        var text: String {
            guard forkStep > 0 || pin != nil else { return name }
            return "\(name) (step \(forkStep)" + (pin.map { ", \($0)" } ?? "") + ")"
        }
    }

    var step: Int
    var total: Int
    var finished: Bool
    var playing: Bool
    /// Steps per second.
    var speed: Double
    var branches: [BranchLabel]
    var current: Int
    var theme: Theme

    func render(in area: Rect, buffer: inout Buffer) {
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
            let (glyph, role): (Unicode.Scalar, ThemeRole) =
                i < knob ? ("━", .accent) : i == knob ? ("●", .highlight) : ("─", .dim)
            buffer.set(x + i, area.y, glyph, style: theme[role])
        }
        _ = buffer.setString(x + barWidth, area.y, speedText, style: theme[.dim], limit: area.right)
        guard area.height >= 2 else { return }
        var bx = buffer.setString(area.x, area.y + 1, "branches  ", style: theme[.dim], limit: area.right)
        // The list scrolls so the viewed branch is always on the line; ‹ and › mark hidden ones.
        let first = Self.firstShown(branches.map(\.text), current: current, width: area.right - bx - 4)
        if first > 0 { bx = buffer.setString(bx, area.y + 1, "‹ ", style: theme[.dim], limit: area.right) }
        for i in first..<branches.count {
            let text = branches[i].text
            if bx + text.count + (i < branches.count - 1 ? 5 : 0) > area.right, i > current {
                _ = buffer.setString(area.right - 1, area.y + 1, "›", style: theme[.dim])
                break
            }
            let style = i == current ? theme[.highlight].bold.underlined : theme[.text]
            bx = buffer.setString(bx, area.y + 1, text, style: style, limit: area.right)
            if i < branches.count - 1 { bx = buffer.setString(bx, area.y + 1, " · ", style: theme[.dim], limit: area.right) }
        }
    }

    /// The first label to draw so that labels first…current fit in `width` columns.
    static func firstShown(_ labels: [String], current: Int, width: Int) -> Int {
        var first = min(current, labels.count - 1)
        var used = labels.isEmpty ? 0 : labels[first].count
        while first > 0, used + 3 + labels[first - 1].count <= width {
            first -= 1
            used += 3 + labels[first].count
        }
        return max(first, 0)
    }
}
