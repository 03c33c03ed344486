/// A Hugging Face `tokenizer.json` (the `tokenizers` library's format) with a BPE model:
/// byte-level BPE (GPT-2, Qwen2, LLaMA-3) or SentencePiece-style BPE with byte fallback
/// (LLaMA-2). Encodes as `tokenizer.encode(text, add_special_tokens=False)` does, so the
/// post-processor (BOS insertion) is not applied; decodes as `decode(ids)` does.
///
/// ```swift
/// let t = try HFTokenizer(contentsOf: "Qwen3-0.6B/tokenizer.json")
/// let ids = t.encode("Hello, world")   // "Hello", ",", " world" as the file's ids
/// t.decode(ids)                        // "Hello, world"
/// ```
public struct HFTokenizer: @unchecked Sendable {
    // @unchecked: RegexSplitter holds a Regex (immutable; see there). Everything else is values.
    let model: BPEModel
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let decoder: Decoder?
    /// Added tokens matched in raw text, and those matched after normalization.
    let rawAdded: AddedTokenMatcher
    let normalizedAdded: AddedTokenMatcher
    /// Token string of every id (model vocabulary and added tokens). [vocabSize]
    public let tokens: [String]
    /// Ids of added tokens marked `special` (`<|im_end|>`, `<s>`).
    public let specialIds: Set<Int32>
    /// Added tokens' ids by content.
    let addedIds: [String: Int32]
    /// Whether the model's tokens spell bytes in GPT-2's alphabet (`"Ġ"` for a space).
    public let isByteLevel: Bool

    /// Ids run from 0 to the largest model or added-token id.
    public var vocabSize: Int { tokens.count }

    /// The id of a token string (an added token first, as in `tokenizers`, then the model's).
    public func id(of token: String) -> Int32? {
        addedIds[token] ?? model.vocab[token]
    }

    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let scalars = Array(text.unicodeScalars)
        for segment in rawAdded.split(scalars[...], atStart: true) {
            switch segment {
            case .token(let id): out.append(id)
            case .text(let raw, let atStart):
                let normalized = normalizer.map { Array($0.apply(ScalarText.string(raw)).unicodeScalars) } ?? Array(raw)
                for inner in normalizedAdded.split(normalized[...], atStart: atStart) {
                    switch inner {
                    case .token(let id): out.append(id)
                    case .text(let s, let first): tokenize(Piece(scalars: s, atStart: first), into: &out)
                    }
                }
            }
        }
        return out
    }

    private func tokenize(_ piece: Piece, into out: inout [Int32]) {
        let words = preTokenizer?.apply([piece]) ?? [piece]
        for w in words where !w.scalars.isEmpty {
            if isByteLevel {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(w.scalars.count * 2)
                for c in w.scalars { UTF8.encode(c) { bytes.append($0) } }
                model.tokenize(byteLevel: bytes, into: &out)
            } else {
                model.tokenize(w.scalars, into: &out)
            }
        }
    }

    /// The text of `ids` through the file's decoder; ids outside the vocabulary are skipped and,
    /// when `skipSpecial`, so are special tokens.
    public func decode(_ ids: [Int32], skipSpecial: Bool = false) -> String {
        let pieces = ids.compactMap { id -> String? in
            guard id >= 0, Int(id) < tokens.count, !(skipSpecial && specialIds.contains(id)) else { return nil }
            return tokens[Int(id)]
        }
        guard let decoder else { return pieces.joined(separator: " ") }
        return decoder.apply(pieces).joined()
    }

    /// The bytes one token stands for when decoded alone: its byte-level or `<0xNN>` bytes, or
    /// its text's UTF-8 (with the metaspace character read as a space). Display code uses it to
    /// show leading spaces and partial UTF-8 sequences.
    public func bytes(of id: Int32) -> [UInt8] {
        guard id >= 0, Int(id) < tokens.count else { return [] }
        let token = tokens[Int(id)]
        if addedIds[token] == id { return Array(token.utf8) }
        if let b = ByteFallbackPiece.byte(token), model.byteFallback { return [b] }
        if isByteLevel {
            var out: [UInt8] = []
            ByteLevelAlphabet.decode(token, into: &out)
            return out
        }
        return Array(ScalarText.replace(token, ["\u{2581}"], with: " ").utf8)
    }
}
