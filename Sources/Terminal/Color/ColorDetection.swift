/// `--color auto|always|never`.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never
}

/// What the terminfo database says about one terminal name (see `Terminfo.probe`).
public struct TerminfoFacts: Equatable, Sendable {
    public var name: String
    /// The entry has the `RGB` capability: colour numbers are 0xRRGGBB.
    public var hasRGB: Bool
    /// `colors`, or -1 when absent.
    public var colors: Int
    /// `cup` exists: the cursor can be addressed (false for `dumb`).
    public var canAddressCursor: Bool

    public init(name: String, hasRGB: Bool, colors: Int, canAddressCursor: Bool) {
        self.name = name
        self.hasRGB = hasRGB
        self.colors = colors
        self.canAddressCursor = canAddressCursor
    }
}

/// The outcome of colour detection: the depth to render at, and the terminfo name to hand to
/// `newterm` (a `*-direct` variant when truecolor is announced by `COLORTERM` only).
public struct ColorDecision: Equatable, Sendable {
    public var depth: ColorDepth
    public var terminalName: String
    /// Why, in a few words (shown in the gallery and useful in bug reports).
    public var reason: String
}

public enum ColorDetection {
    /// Decides the colour depth. Pure, so every branch is unit-tested.
    ///
    /// Order (docs/architecture.md §5.2): `--color never` → monochrome; `NO_COLOR` non-empty (unless
    /// `--color always`) → monochrome; terminfo `RGB` → truecolor; `COLORTERM=truecolor|24bit` and a
    /// `*-direct` entry exists → truecolor on that entry; ≥256 colours → 256; ≥16 → 16; ≥8 → 8;
    /// else monochrome.
    ///
    /// - Parameters:
    ///   - facts: the probe of `$TERM`.
    ///   - directFacts: looks up a terminfo name, for the `*-direct` candidates.
    public static func decide(
        choice: ColorChoice, environment: [String: String], facts: TerminfoFacts,
        directFacts: (String) -> TerminfoFacts?
    ) -> ColorDecision {
        let term = facts.name
        if choice == .never { return ColorDecision(depth: .monochrome, terminalName: term, reason: "--color never") }
        if choice == .auto, let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return ColorDecision(depth: .monochrome, terminalName: term, reason: "NO_COLOR is set")
        }
        if facts.hasRGB { return ColorDecision(depth: .truecolor, terminalName: term, reason: "terminfo \(term) has RGB") }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" {
            for candidate in directCandidates(for: term) {
                if let f = directFacts(candidate), f.hasRGB, f.canAddressCursor {
                    return ColorDecision(
                        depth: .truecolor, terminalName: candidate, reason: "COLORTERM=\(colorterm), using \(candidate)")
                }
            }
        }
        let depth: ColorDepth
        switch facts.colors {
        case 256...: depth = .palette256
        case 16..<256: depth = .ansi16
        case 8..<16: depth = .ansi8
        default: depth = .monochrome
        }
        return ColorDecision(depth: depth, terminalName: term, reason: "terminfo \(term): \(max(facts.colors, 0)) colours")
    }

    /// `*-direct` names to try for a terminal: its own family first, then xterm's.
    /// `tmux-256color` → `tmux-direct`, `xterm-256color` → `xterm-direct`.
    public static func directCandidates(for term: String) -> [String] {
        var base = term
        for suffix in ["-256color", "-88color", "-16color", "-color", "-direct"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        var names: [String] = []
        if !base.isEmpty { names.append(base + "-direct") }
        if !names.contains("xterm-direct") { names.append("xterm-direct") }
        return names
    }
}
