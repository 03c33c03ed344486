import MaskedDiffusion

/// How one position of a row looks at the step being viewed.
enum TokenState: Equatable, Sendable {
    /// Part of the prompt (or the class token): never generated.
    case prompt
    case masked
    /// Committed at this very step, with the sampler's confidence.
    case new(confidence: Float)
    /// Committed at an earlier step (1-based), with the confidence it had then.
    case earlier(step: Int, confidence: Float)
    /// Pinned by the user at a branch point.
    case pinned
}

/// One row of a trajectory at one step, ready to draw: a label and a state per position.
/// Built by the app from a `Branch`; the pane only formats it.
struct TokenRowView: Equatable, Sendable {
    var labels: [String]
    var states: [TokenState]
    /// First position of each generation block after the first (drawn as a thin divider).
    var blockStarts: Set<Int>
    /// Character models draw tokens side by side; vocabulary models separate them.
    var joinsTokens: Bool
    var cursor: Int?
    /// What the colour of committed tokens says.
    var coloring: TokenColoring
    /// Positions the viewed step's network call computed, when it was served from a key/value
    /// cache (nil: every position was computed, or no step is viewed).
    var computed: Range<Int>?
    /// Steps of the whole trajectory, the heat map's scale.
    var totalSteps: Int

    /// The view of `row` of `branch` after `step` steps.
    static func make(
        branch: Branch, row: Int, step: Int, model: WorkbenchModel, promptLength: Int,
        cursor: Int?, coloring: TokenColoring
    ) -> TokenRowView {
        let tokens = branch.tokens(row: row, at: step)
        var states = tokens.indices.map { i -> TokenState in
            i < promptLength ? .prompt : tokens[i] == model.maskId ? .masked : .earlier(step: 0, confidence: 1)
        }
        for s in 0..<min(step, branch.steps.count) {
            for commit in branch.steps[s].rows[row].commits where commit.position < states.count {
                states[commit.position] =
                    s == step - 1
                    ? .new(confidence: commit.confidence)
                    : .earlier(step: s + 1, confidence: commit.confidence)
            }
        }
        if let p = branch.pinnedPosition(after: step), p < states.count { states[p] = .pinned }
        let block = branch.config.effectiveBlockLength
        let generated = tokens.count - promptLength
        let starts =
            block > 0 && block < generated
            ? Set(stride(from: promptLength + block, to: tokens.count, by: block)) : []
        return TokenRowView(
            labels: model.display(tokens), states: states, blockStarts: starts,
            joinsTokens: model.joinsTokens, cursor: cursor, coloring: coloring,
            computed: step > 0 && step <= branch.steps.count ? branch.steps[step - 1].rows[row].computed : nil,
            totalSteps: max(branch.steps.count, 1))
    }

    /// Positions at which the cursor can stop: the generated ones.
    var firstGenerated: Int { states.firstIndex { $0 != .prompt } ?? 0 }
}

extension TokenRowView {
    /// Rows the labels take when the row wraps to `width` (`TokenFlow`).
    func rows(width: Int) -> Int {
        TokenFlow.rows(labels: labels, joins: joinsTokens, blockStarts: blockStarts, width: width)
    }
}
