/// What a piece of the screen *means*; themes map each role to a style. Widgets are given
/// styles, applications look them up by role, so no colour is ever hard-coded in a pane.
public enum ThemeRole: String, CaseIterable, Sendable {
    case background
    case text
    case dim
    case accent
    case border
    case borderFocused = "border_focused"
    case title
    case highlight
    case masked
    case committed
    case prompt
    case success
    case warning
    case error
    case key
    case status
    case axis
}

/// Colour ramps a theme provides for plots.
public enum GradientRole: String, CaseIterable, Sendable {
    /// Low → high confidence (red → orange → green in the LLaDA convention).
    case confidence
    /// Heat maps (commit order, attention).
    case heat
    /// Grayscale images: black → white, or a tinted ramp.
    case image
}
