#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How a trajectory's token ids read as text, for viewers and `unmask replay --check`: the file's
/// own `token_text` when it has one (recorded from another model), else the Unmask tokenizer the
/// header names (`unmask sample --out`), else nothing (ids only).
///
/// ```swift
/// let vocabulary = TrajectoryVocabulary(header: trajectory.header, directory: "runs")
/// print(vocabulary.render(trajectory.finalTokens[0]))   // "12+7= → 19" with ░ for masks
/// ```
public struct TrajectoryVocabulary: Sendable {
    public enum Source: Equatable, Sendable {
        /// The header's `token_text`.
        case file
        /// An Unmask `tokenizer.json` at this path.
        case tokenizer(String)
        case none
    }

    public let source: Source
    /// The id of a still-masked position: the header's `mask_token_id`, else the tokenizer's
    /// vocabulary size; nil when neither says.
    public let maskTokenId: Int32?
    private let table: [Int32: String]
    private let tokenizer: (any TextTokenizer)?

    public static let maskDisplay = "░"

    /// Resolves the text source of `header`. A relative tokenizer path is tried as given (the
    /// recording's working directory), then inside `directory` (the trajectory file's folder).
    public init(header: TrajectoryHeader, directory: String? = nil) {
        if let table = header.tokenText {
            self.init(source: .file, mask: header.maskTokenId, table: table, tokenizer: nil)
            return
        }
        var candidates = [header.tokenizer]
        if let directory, !header.tokenizer.hasPrefix("/") { candidates.append(directory + "/" + header.tokenizer) }
        if header.kind == .text,
            let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
            case .text(let t)? = try? ModelTokenizer.load(from: path)
        {
            self.init(source: .tokenizer(path), mask: header.maskTokenId ?? Int32(t.vocabSize), table: [:], tokenizer: t)
            return
        }
        self.init(source: .none, mask: header.maskTokenId, table: [:], tokenizer: nil)
    }

    private init(source: Source, mask: Int32?, table: [Int32: String], tokenizer: (any TextTokenizer)?) {
        self.source = source
        self.maskTokenId = mask
        self.table = table
        self.tokenizer = tokenizer
    }

    /// The text of one id, nil when no source knows it (masks included: see `maskTokenId`).
    public func text(of id: Int32) -> String? {
        if id == maskTokenId { return nil }
        if let tokenizer { return id >= 0 && Int(id) < tokenizer.vocabSize ? tokenizer.text(of: id) : nil }
        return table[id]
    }

    /// A row as one string: masks as `░`, ids without text as `⟨id⟩`, control characters visible.
    public func render(_ tokens: [Int32]) -> String {
        tokens.map { id in
            if id == maskTokenId { return Self.maskDisplay }
            return text(of: id).map(VisibleText.render) ?? "⟨\(id)⟩"
        }.joined()
    }
}
