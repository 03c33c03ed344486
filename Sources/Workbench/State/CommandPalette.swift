/// The `:` command line's memory and completion state (the line itself is
/// `WorkbenchState.command`): the session's history, where Up/Down is in it, and the
/// completions Tab offered for the word being typed.
struct CommandPalette: Sendable {
    /// Lines run this session, oldest first (a repeat of the newest is not added again).
    var history: [String] = []
    /// The history entry shown (nil: the line being typed, kept in `draft`).
    var historyIndex: Int?
    var draft = ""
    /// What Tab offered for the last word, shown after the line; Tab again cycles through them.
    var options: [String] = []
    /// The option now on the line while cycling (nil: not cycling yet).
    var optionIndex: Int?
    /// The line before the word being completed.
    var stem = ""

    /// Forgets the completion (any edit but Tab).
    mutating func clearCompletion() {
        options = []
        optionIndex = nil
    }
}
