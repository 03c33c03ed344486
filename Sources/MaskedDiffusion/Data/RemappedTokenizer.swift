import Tokenizers

/// A tokenizer that speaks a Hugging Face checkpoint's token ids, seen in the engine's ids.
///
/// The checkpoint boundary moves the mask's embedding row last (`TokenIdMap`); the folder's
/// tokenizer still numbers tokens as the file does. This wrapper applies the same map to every
/// id that crosses it, so the samplers, estimators and the workbench see real tokens `0..<V` and
/// the mask `V`. Rows past the tokenizer's vocabulary (checkpoints pad their embedding, e.g.
/// LLaDA-8B's 126,464 rows) exist in the model but have no text: they show as "�".
public struct RemappedTokenizer: TextTokenizer {
    public let inner: any TextTokenizer
    public let ids: TokenIdMap

    /// `inner` must number at most `ids.rows` tokens (its ids index the file's embedding rows).
    public init(_ inner: any TextTokenizer, ids: TokenIdMap) throws(TokenizerError) {
        guard inner.vocabSize <= ids.rows else {
            throw TokenizerError.invalidVocabulary(
                "the tokenizer has \(inner.vocabSize) tokens, more than the model's \(ids.rows) embedding rows")
        }
        self.inner = inner
        self.ids = ids
    }

    public var vocabSize: Int { ids.rows - 1 }
    public var maskDisplay: String { inner.maskDisplay }
    public var chatTemplate: ChatTemplate? { inner.chatTemplate }

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] {
        try inner.encode(text).map { Int32(ids.engineId(file: Int($0))) }
    }

    public func text(of id: Int32) -> String {
        switch fileId(id) {
        case .mask: maskDisplay
        case .token(let f): inner.text(of: Int32(f))
        case .none: VisibleText.invalid
        }
    }

    public func display(_ id: Int32) -> String {
        switch fileId(id) {
        case .mask: maskDisplay
        case .token(let f): inner.display(Int32(f))
        case .none: VisibleText.invalid
        }
    }

    /// The inner tokenizer's decode over each run of real tokens (a byte-level tokenizer joins
    /// bytes across tokens there), with the mask and rows without text as `text(of:)` shows them.
    public func decode(_ engineIds: [Int32]) -> String {
        var out = ""
        var run: [Int32] = []
        for id in engineIds {
            if case .token(let f) = fileId(id) {
                run.append(Int32(f))
                continue
            }
            out += inner.decode(run) + text(of: id)
            run.removeAll()
        }
        return out + inner.decode(run)
    }

    private enum FileToken {
        case mask, token(Int), none
    }

    /// The file's token behind an engine id: the mask, a token the inner tokenizer knows, or nothing.
    private func fileId(_ id: Int32) -> FileToken {
        let e = Int(id)
        guard (0...vocabSize).contains(e) else { return .none }
        if e == vocabSize { return .mask }
        let f = ids.fileId(engine: e)
        return f < inner.vocabSize ? .token(f) : .none
    }
}
