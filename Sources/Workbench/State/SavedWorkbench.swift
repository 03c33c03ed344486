import MaskedDiffusion

/// What `:save FILE` keeps of a session and `:load FILE` restores: the prompt, every branch's
/// knobs, seed, fork step, parent and pin, and the Compare tab's config — settings, not
/// samples: sampling is deterministic in (config, seed, start), so the restored main samples
/// the same trajectory and each branch forks from it at the same step with the same pin.
/// The file format is in docs/file-formats.md §11.
struct SavedWorkbench: Codable, Equatable, Sendable {
    static let format = "unmask-workbench"
    static let version = 1

    /// A token the user pinned at a branch point.
    struct Pin: Codable, Equatable, Sendable {
        var position: Int
        var token: Int32
    }

    struct SavedBranch: Codable, Equatable, Sendable {
        var name: String
        var config: SamplerConfig
        var seed: UInt64
        /// Steps taken from the parent (0 for main).
        var forkStep: Int
        /// Index of the parent in `branches` (nil for main, which comes first).
        var parent: Int?
        var pin: Pin?

        enum CodingKeys: String, CodingKey { case name, config, seed, forkStep = "fork_step", parent, pin }
    }

    var format = Self.format
    var version = Self.version
    /// The model's name: settings are only meaningful for the model they were made on.
    var model: String
    /// The weights' fingerprint (`ModelParameters.fingerprint`), which tells apart two
    /// checkpoints of one name (every run's `final/`); nil in files saved before it was recorded.
    var weights: String?
    var prompt: Int
    var promptText: String
    var chat: Bool
    /// Main first, then branches, each after its parent.
    var branches: [SavedBranch]
    var compare: SamplerConfig

    enum CodingKeys: String, CodingKey {
        case format, version, model, weights, prompt, promptText = "prompt_text", chat, branches, compare
    }

    /// The state's settings; branches whose parent was deleted are left out (their start
    /// cannot be made again) and counted in `orphans`.
    static func make(from state: WorkbenchState) -> (saved: SavedWorkbench, orphans: Int) {
        var saved: [SavedBranch] = []
        var indexOfID: [Int: Int] = [:]
        for b in state.branches {
            let parent = b.parentID.flatMap { indexOfID[$0] }
            guard b.parentID == nil || parent != nil else { continue }
            indexOfID[b.id] = saved.count
            saved.append(
                SavedBranch(
                    name: b.name, config: b.config, seed: b.seed, forkStep: b.forkStep, parent: parent,
                    pin: b.pinned.map { Pin(position: $0.position, token: $0.token) }))
        }
        return (
            SavedWorkbench(
                model: state.model.name, weights: state.model.weights, prompt: state.prompt, promptText: state.promptText,
                chat: state.chat,
                branches: saved, compare: state.compareConfig), state.branches.count - saved.count
        )
    }
}

/// Branches of a loaded file still to be forked: each waits until its parent has finished
/// sampling (its fork step must exist).
struct RestoringBranches: Sendable {
    var file: String
    var branches: [SavedWorkbench.SavedBranch]
    /// The live branch id of each saved branch (nil: not forked yet; main is 0).
    var ids: [Int?]
    /// Saved branches that could not be forked, with the reason.
    var skipped: [String] = []
}
