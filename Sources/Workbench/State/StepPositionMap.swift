import MaskedDiffusion

/// One row of a trajectory as LLaDA's step × position figures show it: for every generated
/// position the step that committed it and the confidence it had then, plus what the network
/// believed at the cursor's position at each step before (`PositionBelief`, recorded by the
/// engine). Built from a `Branch`; `StepPositionMapPane` and `CursorBeliefPane` only format it.
struct StepPositionMap: Equatable, Sendable {
    /// One generated position: its token's label and when and how surely it was committed.
    struct Column: Equatable, Sendable {
        var position: Int
        /// 1-based step that committed it, or the first step of a branch whose pin wrote it (nil:
        /// never committed, or fixed from the start).
        var step: Int?
        /// The sampler's confidence then (nil for a pin).
        var confidence: Float?
        var isCursor: Bool
        /// Written by the branch's pin, not by the sampler.
        var pinned = false
        /// The parent's commit that the pin wrote over, before the fork: (step, confidence).
        var overwritten: Commit?
    }

    /// A commit by the sampler: the 1-based step and the confidence it had then.
    struct Commit: Equatable, Sendable {
        var step: Int
        var confidence: Float
    }

    /// One step's belief at the cursor position, with the token's label.
    struct Belief: Equatable, Sendable {
        var step: Int
        var label: String
        var belief: PositionBelief
        /// The argmax differs from the previous recorded step's (an answer replaced mid-decoding).
        var changed: Bool
        /// This step committed the position (the committed token may differ from the argmax
        /// under sampling).
        var committed: Bool
    }

    var columns: [Column]
    /// Steps in the trajectory (the y axis).
    var totalSteps: Int
    /// The viewed step (0: before the first).
    var viewedStep: Int
    var cursor: Int
    /// Beliefs at the cursor, one per step it was masked before (empty when not recorded).
    var beliefs: [Belief]
    /// Whether the trajectory's steps carry beliefs at all (files from before they were
    /// recorded, and backends that do not send them, lack them).
    var recordsBeliefs: Bool
    /// The label of the token committed or pinned at the cursor (nil: neither in this trajectory).
    var cursorLabel: String?

    /// The cursor's column (nil when the cursor is on the prompt).
    var cursorColumn: Column? { columns.first(where: \.isCursor) }

    /// The map of `row` of `branch`, with `cursor` (an absolute position) highlighted.
    static func make(
        branch: Branch, row: Int, step: Int, model: WorkbenchModel, promptLength: Int, cursor: Int
    ) -> StepPositionMap {
        let seqLen = branch.initialTokens[row].count
        var columns = (promptLength..<seqLen).map {
            Column(position: $0, step: nil, confidence: nil, isCursor: $0 == cursor)
        }
        var beliefs: [Belief] = []
        var recorded = false
        var committedToken: Int32?
        for (s, trajectoryStep) in branch.steps.enumerated() {
            let rowStep = trajectoryStep.rows[row]
            for commit in rowStep.commits where commit.position >= promptLength && commit.position < seqLen {
                columns[commit.position - promptLength].step = s + 1
                columns[commit.position - promptLength].confidence = commit.confidence
                if commit.position == cursor { committedToken = commit.token }
            }
            guard let recordedBeliefs = rowStep.beliefs else { continue }
            recorded = true
            if let b = recordedBeliefs.first(where: { $0.position == cursor }) {
                beliefs.append(
                    Belief(
                        step: s + 1, label: model.label(b.token), belief: b,
                        changed: beliefs.last.map { $0.belief.token != b.token } ?? false,
                        committed: rowStep.commits.contains { $0.position == cursor }))
            }
        }
        // The pin writes its position as the branch's first own step begins, over any commit of
        // the parent's before the fork, which stays drawn at its own step.
        if let pin = branch.pinned, pin.position >= promptLength && pin.position < seqLen {
            let parent = columns[pin.position - promptLength]
            if let step = parent.step, let confidence = parent.confidence, step < branch.firstOwnStep {
                columns[pin.position - promptLength].overwritten = Commit(step: step, confidence: confidence)
            }
            columns[pin.position - promptLength].step = branch.firstOwnStep
            columns[pin.position - promptLength].confidence = nil
            columns[pin.position - promptLength].pinned = true
            if pin.position == cursor { committedToken = pin.token }
        }
        return StepPositionMap(
            columns: columns, totalSteps: branch.steps.count, viewedStep: min(step, branch.steps.count),
            cursor: cursor, beliefs: beliefs, recordsBeliefs: recorded,
            cursorLabel: committedToken.map(model.label))
    }
}
