import Tokenizers

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The tokenizer stored with a model (`tokenizer.json`): text (characters, a task vocabulary or a
/// Hugging Face tokenizer) or image patches. Loading dispatches on the file's `"kind"`, or on its
/// `"model"` object for a Hugging Face file.
public enum ModelTokenizer: Sendable {
    case text(any TextTokenizer)
    case image(ImagePatchTokenizer)

    public var vocabSize: Int {
        switch self {
        case .text(let t): return t.vocabSize
        case .image(let t): return t.vocabSize
        }
    }

    /// The task a vocabulary tokenizer was built for (`countdown`, `sudoku`, `arith`), if any.
    public var taskName: String? {
        if case .text(let t) = self, let v = t as? VocabularyTokenizer { return v.task }
        return nil
    }

    /// Why the folder's chat template is not used (`HFTextTokenizer.chatTemplateIssue`: a family
    /// Unmask does not render, a tokenizer_config.json that cannot be read), nil when it is or
    /// there is none.
    public var chatTemplateIssue: String? {
        guard case .text(let t) = self else { return nil }
        return ((t as? RemappedTokenizer)?.inner as? HFTextTokenizer ?? t as? HFTextTokenizer)?.chatTemplateIssue
    }

    /// Every failure names the file: a field a decoder missed (`missing field 'kind'`), a
    /// tokenizer that cannot work (`invalid vocabulary: …`), or a file that cannot be read.
    public static func load(from path: String) throws -> ModelTokenizer {
        do { return try decode(path) } catch let error as TokenizerError {
            switch error {
            case .unreadable, .invalidUTF8: throw error  // these name the file already
            case .unknownCharacter, .invalidVocabulary, .unsupportedKind:
                throw CheckpointError(path: path, .invalidValue("\(error)"))
            }
        }
    }

    private static func decode(_ path: String) throws -> ModelTokenizer {
        let data = Data(try FileBytes(contentsOf: path) { TokenizerError.unreadable(path: path, reason: $0) }.copied)
        if !HFTokenizer.isHFTokenizer(data), try TokenizerFile.kind(of: data, path: path) == ImagePatchTokenizer.kind {
            return .image(try ImagePatchTokenizer(jsonData: data, path: path))
        }
        return .text(try TokenizerFile.loadText(from: path))
    }

    /// Writes `tokenizer.json` atomically (a Hugging Face file as it was read, with its chat
    /// template in `tokenizer_config.json` beside it).
    public func save(to path: String) throws {
        switch self {
        case .text(let t as HFTextTokenizer):
            try t.save(to: path)
        case .text(let t):
            guard let codable = t as? any Encodable else { throw TokenizerError.unsupportedKind("\(type(of: t))") }
            try TokenizerFile.write(codable, to: path)
        case .image(let t):
            try t.save(to: path)
        }
    }
}
