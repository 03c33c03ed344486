/// A role → style table, chart series colours and plot gradients.
///
/// Theme files (`Themes/*.toml`):
/// ```toml
/// name = "nord"
/// [palette]              # optional named colours, usable below
/// frost = "#88c0d0"
/// [roles]                # each a style: [colour] [on colour] [bold dim italic underline reverse]
/// text = "#d8dee9"
/// highlight = "#2e3440 on frost bold"
/// [chart]
/// series = ["frost", "#a3be8c"]
/// [gradients]
/// confidence = ["#bf616a", "#ebcb8b", "#a3be8c"]
/// ```
/// Colours: `#rgb`, `#rrggbb`, `default` (the terminal's own), ANSI names (`red`, `bright-red`,
/// `gray`), palette indices `0`–`255`, or a `[palette]` name. Roles and gradients a file leaves out
/// come from the default theme.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [ThemeRole: Style]
    public var series: [Color]
    public var gradients: [GradientRole: Gradient]

    public subscript(role: ThemeRole) -> Style { styles[role] ?? .none }

    public func gradient(_ role: GradientRole) -> Gradient { gradients[role] ?? Gradient([.default]) }

    /// The style of chart series `i` (colours repeat when there are more series than colours).
    public func seriesStyle(_ i: Int) -> Style {
        series.isEmpty ? self[.text] : Style(fg: series[i % series.count])
    }

    /// False for a theme that conveys everything with attributes (images then use shades).
    public var usesColor: Bool {
        styles.values.contains { ($0.fg ?? .default) != .default || ($0.bg ?? .default) != .default }
            || series.contains { $0 != .default }
    }

    /// The compiled-in default theme (identical to `Themes/default.toml`), so the app works with
    /// no Themes folder.
    public static let `default`: Theme = {
        do {
            return try ThemeParser.parse(BuiltinThemes.defaultTOML, file: "<built-in default>", base: nil)
        } catch {
            fatalError("the built-in default theme does not parse: \(error)")
        }
    }()
}
