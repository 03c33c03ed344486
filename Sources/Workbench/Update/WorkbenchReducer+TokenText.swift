import MaskedDiffusion

/// A backend's token text on demand (docs/backend-protocol.md §3, `tokens`): the hello carries no
/// vocabulary, so the reducer asks for the ids the panes show — prompt, sampled tokens, candidates —
/// as they arrive, one request per batch, never twice while an answer is on its way. Until it
/// comes an id shows as `WorkbenchModel.pendingText`; its arrival redraws the screen like any message.
extension WorkbenchReducer {
    /// Asks the backend for the text of those of `ids` the model lacks and nobody asked for yet.
    mutating func askTokenText(_ ids: some Sequence<Int32>) {
        guard var backend = state.backend else { return }
        var wanted = Set<Int32>()
        for id in ids where state.model.needsText(id) && !backend.textAsked.contains(id) { wanted.insert(id) }
        guard !wanted.isEmpty else { return }
        backend.textAsked.formUnion(wanted)
        state.backend = backend
        ask(.tokenText(wanted.sorted()))
    }

    /// Asks for every id the workbench holds: at the start and at every hello (a restarted
    /// backend's predecessor took its unanswered requests with it: `textAsked` was emptied then).
    mutating func askTokenTextOnScreen() {
        guard state.backend != nil else { return }
        var ids = Set(state.problem.prompts.joined())
        for branch in state.branches + [state.compare].compactMap({ $0 }) {
            ids.formUnion(branch.initialTokens.joined())
            ids.formUnion(Self.tokenIDs(branch.steps))
        }
        for candidates in state.predictions.values { ids.formUnion(candidates.joined().map(\.token)) }
        askTokenText(ids)
    }

    /// The text a backend sent: learned by the model, no longer in flight.
    mutating func learnTokenText(_ text: [Int32: String]) {
        state.model.learn(text)
        state.backend?.textAsked.subtract(text.keys)
    }

    /// Every id `steps` show: the rows' tokens and the commits' candidates.
    static func tokenIDs(_ steps: [TrajectoryStep]) -> Set<Int32> {
        var ids = Set<Int32>()
        for row in steps.lazy.flatMap(\.rows) {
            ids.formUnion(row.tokens)
            for commit in row.commits { ids.formUnion(commit.candidates.map(\.token)) }
        }
        return ids
    }
}
