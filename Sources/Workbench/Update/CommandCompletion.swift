/// What Tab can complete on the `:` line: command names, then each command's arguments where
/// they form a list (knob names and their named values, model paths from the catalog, theme
/// names, on/off, export kinds). Pure: the reducer asks it with the state's lists.
enum CommandCompletion {
    /// Every command, in the order `:` help lists them.
    static let verbs = [
        "set", "prompt", "chat", "model", "backend", "theme", "run", "units", "sweep", "pin", "save", "load", "export", "quit"
    ]

    /// The completions of the line's last word, and the line before that word.
    static func options(for line: String, models: [String], themes: [String]) -> (stem: String, options: [String]) {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let word = words.last ?? ""
        let stem = String(line.dropLast(word.count))
        let choices: [String]
        switch (words.count, words.first ?? "") {
        case (1, _): choices = verbs
        case (2, "set"): choices = ScheduleKnob.allCases.map(\.rawValue)
        case (3, "set"): choices = ScheduleKnob(rawValue: words[1])?.choices ?? []
        case (2, "model"): choices = models
        case (2, "theme"): choices = themes
        case (2, "chat"): choices = ["on", "off"]
        case (2, "backend"): choices = ["restart"]
        case (2, "export"): choices = ["trajectory", "screen", "ansi", "png", "all"]
        default: choices = []
        }
        return (stem, choices.filter { $0.hasPrefix(word) })
    }

    /// The longest prefix every option shares.
    static func commonPrefix(_ options: [String]) -> String {
        guard var prefix = options.first else { return "" }
        for o in options.dropFirst() {
            while !o.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
