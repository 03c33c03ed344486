/// One token per Unicode scalar of a text corpus; ids follow scalar order.
///
/// Scalars rather than grapheme clusters: the split is fixed by the encoding, not by the
/// Unicode version of the standard library, and a model's output (any id sequence) decodes and
/// re-encodes to the same ids, whereas adjacent clusters can merge ("e" + U+0301). Combining marks
/// are shared tokens, keeping the vocabulary small. There is no end-of-text or pad token: the
/// model trains on fixed-length windows of the corpus, so nothing is ever padded.
///
/// `tokenizer.json`: `{"kind": "characters", "unit": "unicode_scalars", "tokens": [...]}`.
public struct CharacterTokenizer: TextTokenizer, Codable, Equatable {
    /// Sorted by scalar value; the id of `characters[i]` is `i`.
    public let characters: [Unicode.Scalar]
    private let ids: [Unicode.Scalar: Int32]

    public var vocabSize: Int { characters.count }

    /// The vocabulary of every scalar in `characters` (duplicates allowed, order irrelevant).
    public init(characters: some Sequence<Unicode.Scalar>) throws(TokenizerError) {
        let sorted = Set(characters).sorted { $0.value < $1.value }
        guard !sorted.isEmpty else { throw .invalidVocabulary("no characters") }
        self.characters = sorted
        ids = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
    }

    /// The vocabulary of the characters of `text`.
    public init(text: String) throws(TokenizerError) { try self.init(characters: text.unicodeScalars) }

    /// The vocabulary of a UTF-8 text file.
    public init(contentsOfFile path: String) throws(TokenizerError) {
        try self.init(text: try TextFile.read(path))
    }

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count)
        for (offset, c) in text.unicodeScalars.enumerated() {
            guard let id = ids[c] else { throw TokenizerError.unknown(in: text.unicodeScalars, at: offset) }
            out.append(id)
        }
        return out
    }

    public func text(of id: Int32) -> String {
        if id >= 0, Int(id) < characters.count { return String(characters[Int(id)]) }
        return Int(id) == vocabSize ? maskDisplay : VisibleText.invalid
    }

    public static func == (a: Self, b: Self) -> Bool { a.characters == b.characters }

    private enum CodingKeys: String, CodingKey { case kind, unit, tokens }
    static let kind = "characters"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        guard kind == Self.kind else { throw TokenizerError.unsupportedKind(kind) }
        let unit = try c.decode(String.self, forKey: .unit)
        guard unit == "unicode_scalars" else { throw TokenizerError.invalidVocabulary("unit \"\(unit)\"") }
        let tokens = try c.decode([String].self, forKey: .tokens)
        let scalars = try tokens.map { (t: String) throws(TokenizerError) -> Unicode.Scalar in
            guard t.unicodeScalars.count == 1, let s = t.unicodeScalars.first else {
                throw .invalidVocabulary("\"\(t)\" is not one Unicode scalar")
            }
            return s
        }
        try self.init(characters: scalars)
        guard characters == scalars else { throw TokenizerError.invalidVocabulary("tokens not sorted and unique") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode("unicode_scalars", forKey: .unit)
        try c.encode(characters.map { String($0) }, forKey: .tokens)
    }
}
