/// What the colour of an already committed token says in the token pane (`c` cycles).
enum TokenColoring: String, CaseIterable, Sendable {
    /// The confidence it was committed with (tokens of the viewed step only).
    case confidence
    /// The step that committed it, as a heat map.
    case commitOrder = "commit order"
    /// Whether the viewed step's network call computed the position or served it from the
    /// key/value cache (dim): only trajectories sampled with a cache record it.
    case cache = "computed / cached"

    var next: TokenColoring { cycled(by: 1) }
}
