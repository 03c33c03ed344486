/// Themes compiled into the binary.
enum BuiltinThemes {
    /// Byte-for-byte `Themes/default.toml` (a test checks they match).
    static let defaultTOML = """
        # Unmask's own dark theme: calm panels, one cool accent, confidence from red to green.
        # Compiled into the binary as well (Sources/Terminal/Theme/BuiltinThemes.swift), so the app works
        # without this folder; a test keeps the two identical.
        name = "default"
        description = "Dark, calm, cyan accent"

        [palette]
        bg = "#1b1e24"
        panel = "#262a33"
        fg = "#d5d9e0"
        muted = "#8a92a1"
        faint = "#4a515e"
        cyan = "#5fc4d8"
        blue = "#6a9fe8"
        green = "#8fce7a"
        yellow = "#e6c46a"
        orange = "#e8955a"
        red = "#e8696b"
        purple = "#b48ee8"

        [roles]
        background = "fg on bg"
        text = "fg"
        dim = "muted"
        accent = "cyan bold"
        border = "faint"
        border_focused = "cyan"
        title = "cyan bold"
        highlight = "bg on cyan bold"
        masked = "faint dim"
        committed = "green bold"
        prompt = "purple underline"
        success = "green"
        warning = "yellow bold"
        error = "red bold"
        key = "yellow bold"
        status = "fg on panel"
        axis = "muted"

        [chart]
        series = ["cyan", "orange", "green", "purple", "yellow", "red"]

        [gradients]
        confidence = ["red", "orange", "green"]
        heat = ["#1b2a4a", "blue", "cyan", "#f0f4f8"]
        image = ["#000000", "#ffffff"]
        """
}
