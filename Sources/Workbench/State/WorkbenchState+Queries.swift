import Foundation
import MaskedDiffusion

/// Facts derived from the state that both the reducer and the view need, computed in one place.
extension WorkbenchState {
    /// The config the schedule editor shows on this tab.
    var editedConfig: SamplerConfig { tab == .compare ? compareConfig : branch.config }
    var editedSeed: UInt64 { tab == .compare ? seed : branch.seed }
    var visibleKnobs: [ScheduleKnob] { ScheduleKnob.visible(for: editedConfig) }

    /// The Sudoku grid of `row` of `b` after `step` steps (nil unless the model's task is
    /// Sudoku); wrong cells are marked when the prompt is an item with a known solution (held out, or typed in the task's format).
    func sudokuGrid(of b: Branch, row: Int, step: Int) -> SudokuGrid? {
        guard model.task is SudokuTask else { return nil }
        var solution: String?
        if case .sudoku(let p)? = taskItem { solution = p.solution }
        return SudokuGrid.make(
            tokens: b.tokens(row: row, at: step), model: model, promptLength: problem.promptLength, solution: solution)
    }

    /// The selected knob among the tab's visible ones (a selection kept from a tab with more knobs
    /// is clamped to the last).
    var shownKnob: Int { min(selectedKnob, visibleKnobs.count - 1) }

    /// The candidates shown for the cursor at the viewed step: none where the branch's pin wrote
    /// it, those of the step that committed it (if it is committed by now), else the engine's
    /// predictions for this state.
    func cursorCandidates() -> [Candidate] {
        if cursorPinned { return [] }
        if let sampled = cursorCommit() { return sampled.commit.candidates }
        let b = branch, step = min(timeline.step, b.steps.count), p = timeline.cursor
        let key = PredictionTag(branchID: b.id, request: b.request, step: step, row: timeline.row)
        guard let predictions = predictions[key], p < predictions.count else { return [] }
        return predictions[p]
    }

    /// The commit that wrote the cursor's position by the viewed step, with the timeline step it
    /// first shows at (step k shows the first k steps); nil where the position is given, pinned
    /// at a fork or still masked. Under `candidates 0` its candidates are empty: the token was
    /// still sampled, not given.
    func cursorCommit() -> (step: Int, commit: Commit)? {
        let b = branch, p = timeline.cursor
        // A pin replaces whatever the parent committed there before the fork.
        if cursorPinned { return nil }
        for (k, s) in b.steps.prefix(min(timeline.step, b.steps.count)).enumerated().reversed() {
            if let commit = s.rows[timeline.row].commits.first(where: { $0.position == p }) { return (k + 1, commit) }
        }
        return nil
    }

    /// Whether the viewed branch's pin wrote the cursor's position by the viewed step (after its fork).
    var cursorPinned: Bool { branch.pinnedPosition(after: timeline.step) == timeline.cursor }

    /// Why a sampled position has no candidates: the sampler kept none (`candidates 0`), and how
    /// to get them; or, without weights, that the recording has none.
    var candidatesNotKept: String {
        guard model.canSample else { return "the recording keeps no candidates here" }
        return "no candidates kept (candidates \(branch.config.candidates)); "
            + ":set candidates \(SamplerConfig().candidates) resamples with them"
    }

    /// Why the cursor has no candidates to pin, for the status line.
    var noCandidatesReason: String {
        if cursorPinned { return "@\(timeline.cursor) is pinned in this branch from step \(branch.firstOwnStep)" }
        return cursorCommit() != nil
            ? "@\(timeline.cursor) was sampled, but \(candidatesNotKept)"
            : "no candidates at the cursor yet (move to a generated position)"
    }

    /// The prompt above the trajectory, as the user reads it: a recording's own prompt tokens in
    /// a replay (not the held-out item a fresh sample would use), else the model's prompt.
    var promptLine: String {
        if recorded != nil {
            guard problem.rows > 0 else { return "" }
            let ids = problem.prompts[min(timeline.row, problem.rows - 1)]
            if case .text(let t)? = model.loaded?.tokenizer {
                return t.decode(ids).replacingOccurrences(of: "<eos>", with: "")
            }
            return model.display(ids).joined(separator: model.joinsTokens ? "" : " ")
        }
        return model.promptText(prompt: prompt, text: promptText)
    }

    /// Tiles of the viewed branch at the viewed step ([] for non-image models).
    func imageTiles() -> [ImageTile] { imageTiles(of: branch, step: timeline.step) }

    /// Tiles of `b` after `step` steps, one per row.
    func imageTiles(of b: Branch, step: Int) -> [ImageTile] {
        guard case .image(let tokenizer) = model.kind else { return [] }
        let step = min(step, b.steps.count)
        return b.initialTokens.indices.compactMap { row in
            try? ImageTile(
                tokens: b.tokens(row: row, at: step), previous: step > 0 ? b.tokens(row: row, at: step - 1) : nil,
                tokenizer: tokenizer, prefixLength: problem.promptLength)
        }
    }
}
