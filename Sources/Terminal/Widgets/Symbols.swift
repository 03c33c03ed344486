/// Glyph sets shared by widgets.
public enum Symbols {
    /// Eighth blocks rising from the bottom, index 0 = empty … 8 = full (sparklines).
    public static let verticalEighths: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Eighth blocks growing from the left, index 0 = empty … 8 = full (gauges).
    public static let horizontalEighths: [Unicode.Scalar] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    /// Light to dark, for grayscale without colour (monochrome terminals).
    public static let shades: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]
    public static let upperHalf: Unicode.Scalar = "▀"
    public static let lowerHalf: Unicode.Scalar = "▄"
    public static let fullBlock: Unicode.Scalar = "█"
}

/// The six pieces of a box border.
public struct BorderSet: Hashable, Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Unicode.Scalar

    public static let plain = BorderSet(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│")
    public static let rounded = BorderSet(
        topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯", horizontal: "─", vertical: "│")
    public static let thick = BorderSet(
        topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛", horizontal: "━", vertical: "┃")
    public static let double = BorderSet(
        topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═", vertical: "║")
}
