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
