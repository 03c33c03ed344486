import MaskedDiffusion

/// What `:save FILE` keeps of a session and `:load FILE` restores: the prompt, every branch's
/// knobs, seed, fork step, parent and pin, and the Compare tab's config — settings, not
/// samples: sampling is deterministic in (config, seed, start), so the restored main samples
/// the same trajectory and each branch forks from it at the same step with the same pin.
/// The file format is in docs/file-formats.md §11.
public struct SavedWorkbench: Codable, Equatable, Sendable {
    public static let format = "unmask-workbench"
    public static let version = 1

    /// A token the user pinned at a branch point.
    public struct Pin: Codable, Equatable, Sendable {
        public var position: Int
        public var token: Int32
    }

    public struct SavedBranch: Codable, Equatable, Sendable {
        public var name: String
        public var config: SamplerConfig
        public var seed: UInt64
        /// Steps taken from the parent (0 for main).
        public var forkStep: Int
        /// Index of the parent in `branches` (nil for main, which comes first).
        public var parent: Int?
        public var pin: Pin?

        enum CodingKeys: String, CodingKey { case name, config, seed, forkStep = "fork_step", parent, pin }
    }

    public var format = Self.format
    public var version = Self.version
    /// The model's name: settings are only meaningful for the model they were made on.
    public var model: String
    public var prompt: Int
    public var promptText: String
    public var chat: Bool
    /// Main first, then branches, each after its parent.
    public var branches: [SavedBranch]
    public var compare: SamplerConfig

    enum CodingKeys: String, CodingKey {
        case format, version, model, prompt, promptText = "prompt_text", chat, branches, compare
    }

    /// The state's settings; branches whose parent was deleted are left out (their start
    /// cannot be made again) and counted in `orphans`.
    public static func make(from state: WorkbenchState) -> (saved: SavedWorkbench, orphans: Int) {
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
                model: state.model.name, prompt: state.prompt, promptText: state.promptText, chat: state.chat,
                branches: saved, compare: state.compareConfig), state.branches.count - saved.count
        )
    }
}

/// Branches of a loaded file still to be forked: each waits until its parent has finished
/// sampling (its fork step must exist).
public struct RestoringBranches: Sendable {
    public var file: String
    public var branches: [SavedWorkbench.SavedBranch]
    /// The live branch id of each saved branch (nil: not forked yet; main is 0).
    public var ids: [Int?]
    /// Saved branches that could not be forked, with the reason.
    public var skipped: [String] = []
}
