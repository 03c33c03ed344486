/// Turns theme-file text into a `Theme`, with every problem reported at its file, line and key.
public enum ThemeParser {
    public static func parse(_ text: String, file: String, base: Theme? = .default) throws(ThemeError) -> Theme {
        let entries: [TOMLEntry]
        do {
            entries = try TOMLSubset.parse(text)
        } catch {
            throw ThemeError(file: file, line: error.line, key: error.key, problem: error.message)
        }
        func fail(_ e: TOMLEntry, _ problem: String) -> ThemeError {
            ThemeError(file: file, line: e.line, key: e.dottedKey, problem: problem)
        }

        var palette: [String: Color] = [:]
        for e in entries where e.path.count == 2 && e.path[0] == "palette" {
            guard case let .string(s) = e.value else { throw fail(e, "expected a colour string, found \(e.value.typeName)") }
            do { palette[e.path[1]] = try ColorSpec.color(s, palette: [:]) } catch { throw fail(e, error.message) }
        }

        var theme = base ?? Theme(name: "", styles: [:], series: [], gradients: [:])
        var sawName = false
        for e in entries {
            switch (e.path.first, e.path.count) {
            case ("palette", 2):
                continue
            case ("name", 1):
                guard case let .string(s) = e.value, !s.isEmpty else { throw fail(e, "expected a non-empty string") }
                theme.name = s
                sawName = true
            case ("description", 1):
                guard case .string = e.value else { throw fail(e, "expected a string") }
            case ("roles", 2):
                guard let role = ThemeRole(rawValue: e.path[1]) else {
                    throw fail(e, "unknown role; roles are " + ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                guard case let .string(s) = e.value else { throw fail(e, "expected a style string, found \(e.value.typeName)") }
                do { theme.styles[role] = try ColorSpec.style(s, palette: palette) } catch { throw fail(e, error.message) }
            case ("chart", 2) where e.path[1] == "series":
                let colors = try colorList(e, palette: palette, fail: fail)
                guard !colors.isEmpty else { throw fail(e, "needs at least one colour") }
                theme.series = colors
            case ("gradients", 2):
                guard let role = GradientRole(rawValue: e.path[1]) else {
                    throw fail(
                        e, "unknown gradient; gradients are " + GradientRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let colors = try colorList(e, palette: palette, fail: fail)
                guard !colors.isEmpty else { throw fail(e, "needs at least one colour") }
                theme.gradients[role] = Gradient(colors)
            default:
                throw fail(e, "unknown key; a theme has name, description, [palette], [roles], [chart] series and [gradients]")
            }
        }
        if !sawName {
            throw ThemeError(file: file, line: 1, key: "name", problem: "missing; every theme needs a name")
        }
        if base == nil {
            let missing = ThemeRole.allCases.filter { theme.styles[$0] == nil }.map(\.rawValue)
            if !missing.isEmpty {
                throw ThemeError(file: file, line: 1, key: nil, problem: "missing roles: " + missing.joined(separator: ", "))
            }
        }
        return theme
    }

    private static func colorList(
        _ e: TOMLEntry, palette: [String: Color],
        fail: (TOMLEntry, String) -> ThemeError
    ) throws(ThemeError) -> [Color] {
        guard case let .array(items) = e.value else { throw fail(e, "expected an array of colours, found \(e.value.typeName)") }
        var colors: [Color] = []
        for item in items {
            guard case let .string(s) = item else { throw fail(e, "expected colour strings, found \(item.typeName)") }
            do { colors.append(try ColorSpec.color(s, palette: palette)) } catch { throw fail(e, error.message) }
        }
        return colors
    }
}

/// The colour and style mini-language of theme files.
public enum ColorSpec {
    public struct SpecError: Error, Equatable {
        public var message: String
    }

    static let names: [String: Color] = [
        "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue, "magenta": .magenta,
        "cyan": .cyan, "white": .white, "bright-black": .brightBlack, "gray": .brightBlack, "grey": .brightBlack,
        "bright-red": .brightRed, "bright-green": .brightGreen, "bright-yellow": .brightYellow,
        "bright-blue": .brightBlue, "bright-magenta": .brightMagenta, "bright-cyan": .brightCyan,
        "bright-white": .brightWhite, "default": .default
    ]

    /// `#rgb`, `#rrggbb`, `0`–`255`, an ANSI name, `default`, or a palette name.
    public static func color(_ text: String, palette: [String: Color]) throws(SpecError) -> Color {
        let t = text.lowercased()
        if let c = palette[text] ?? names[t] { return c }
        if t.hasPrefix("#") {
            let hex = t.dropFirst()
            guard hex.count == 3 || hex.count == 6, let v = UInt32(hex, radix: 16) else {
                throw SpecError(message: "'\(text)' is not a colour (#rgb or #rrggbb)")
            }
            if hex.count == 6 { return Color(hex: v) }
            let r = (v >> 8) & 0xF, g = (v >> 4) & 0xF, b = v & 0xF
            return Color(hex: (r * 17) << 16 | (g * 17) << 8 | b * 17)
        }
        if let n = Int(t) {
            guard (0...255).contains(n) else { throw SpecError(message: "palette index \(n) is outside 0–255") }
            return .indexed(UInt8(n))
        }
        throw SpecError(message: "unknown colour '\(text)'")
    }

    /// `[fg] [on bg] [attribute…]`, e.g. `"#2e3440 on #88c0d0 bold"` or `"reverse"`.
    public static func style(_ text: String, palette: [String: Color]) throws(SpecError) -> Style {
        var style = Style()
        var tokens = text.split(separator: " ").map(String.init)[...]
        var sawFg = false
        while let token = tokens.popFirst() {
            if token == "on" {
                guard let c = tokens.popFirst() else { throw SpecError(message: "'on' needs a colour after it") }
                style.bg = try color(c, palette: palette)
            } else if let a = Attributes.named.first(where: { $0.0 == token.lowercased() }) {
                style.add.insert(a.1)
            } else {
                let c: Color
                do {
                    c = try color(token, palette: palette)
                } catch {
                    throw SpecError(message: "unknown colour or attribute '\(token)'")
                }
                guard !sawFg else { throw SpecError(message: "two foreground colours; write 'on' before a background") }
                style.fg = c
                sawFg = true
            }
        }
        return style
    }
}
