import Terminal

/// The workbench's keys as a Markdown table, generated from `WorkbenchKeys.map` — the same
/// table the help overlay and hint bar read. `unmask tui --keys` prints it; README embeds it
/// and a test checks the two agree.
public enum KeyReference {
    public static func markdown() -> String {
        var lines = ["| group | keys | action |", "|---|---|---|"]
        for section in WorkbenchKeys.map.helpSections {
            for entry in section.entries {
                lines.append("| \(section.group) | \(entry.keys.replacingOccurrences(of: "|", with: "\\|")) | \(entry.help) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
