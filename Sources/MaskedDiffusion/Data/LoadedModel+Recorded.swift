#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where files that point back at the model (a trajectory's header) say it is: absolute paths,
/// so the file finds the model from any working directory. A path as typed
/// (`Examples/models/countdown`) once made a replay started elsewhere open display-only, and
/// `replay --check` skip the vocabulary check without a word.
extension LoadedModel {
    /// The model folder, absolute.
    public var recordedPath: String { Self.absolute(path) }
    /// Its `tokenizer.json`, absolute.
    public var recordedTokenizerPath: String { Self.absolute(checkpoint.path(TokenizerFile.fileName)) }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// Trajectory files hold the model's own token ids (docs/file-formats.md §5); a Hugging Face
/// checkpoint whose mask is not its last row is numbered otherwise inside the engine. Files
/// written in engine ids once decoded one token off with the folder's tokenizer, and files
/// recorded by other tools were refused as "recorded with another model".
extension LoadedModel {
    /// The map between the engine's ids and the folder's own where they differ, else nil.
    public var fileIds: TokenIdMap? {
        guard case .text(let t as RemappedTokenizer) = tokenizer, !t.ids.isIdentity else { return nil }
        return t.ids
    }

    /// `trajectory` (engine ids) as a file holds it.
    public func recorded(_ trajectory: Trajectory) -> Trajectory { fileIds.map(trajectory.inFileIds) ?? trajectory }

    /// A file's trajectory in engine ids: converted when it holds this model's own ids (its
    /// header names the folder's mask id), else as read.
    public func replayed(_ trajectory: Trajectory) -> Trajectory {
        guard let map = fileIds, trajectory.holdsFileIds(of: map) else { return trajectory }
        return trajectory.inEngineIds(map)
    }
}
