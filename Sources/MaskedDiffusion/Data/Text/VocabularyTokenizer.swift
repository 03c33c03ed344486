/// A fixed token list whose entries may span several characters (`<answer>`), encoded by
/// greedy longest match so task sequences stay short.
///
/// `eosToken` (if any) marks the end of a completion and pads fixed-length sequences. `task`
/// names the task a model was trained on, so a checkpoint folder says what it is for.
///
/// `tokenizer.json`: `{"kind": "vocabulary", "tokens": [...], "eos_token": "<eos>", "task": "countdown"}`.
public struct VocabularyTokenizer: TextTokenizer, Codable, Equatable {
    public let tokens: [String]
    public let eosToken: String?
    public let task: String?
    /// Candidate ids by first scalar, longest token first (the greedy-longest-match order).
    private let candidates: [Unicode.Scalar: [(id: Int32, scalars: [Unicode.Scalar])]]

    public var vocabSize: Int { tokens.count }
    public var eosId: Int32? { eosToken.flatMap { e in tokens.firstIndex(of: e).map { Int32($0) } } }

    public init(tokens: [String], eosToken: String? = nil, task: String? = nil) throws(TokenizerError) {
        guard !tokens.isEmpty else { throw .invalidVocabulary("no tokens") }
        if let empty = tokens.firstIndex(where: \.isEmpty) { throw .invalidVocabulary("token \(empty) is empty") }
        guard Set(tokens).count == tokens.count else { throw .invalidVocabulary("duplicate tokens") }
        if let e = eosToken, !tokens.contains(e) { throw .invalidVocabulary("eos token \"\(e)\" not in tokens") }
        self.tokens = tokens
        self.eosToken = eosToken
        self.task = task
        var table: [Unicode.Scalar: [(id: Int32, scalars: [Unicode.Scalar])]] = [:]
        for (i, t) in tokens.enumerated() {
            let scalars = Array(t.unicodeScalars)
            table[scalars[0], default: []].append((Int32(i), scalars))
        }
        candidates = table.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
    }

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] {
        let s = Array(text.unicodeScalars)
        var out: [Int32] = []
        var i = 0
        while i < s.count {
            let match = candidates[s[i]]?.first { c in
                i + c.scalars.count <= s.count && s[i..<(i + c.scalars.count)].elementsEqual(c.scalars)
            }
            guard let match else { throw TokenizerError.unknown(in: text.unicodeScalars, at: i) }
            out.append(match.id)
            i += match.scalars.count
        }
        return out
    }

    public func text(of id: Int32) -> String {
        if id >= 0, Int(id) < tokens.count { return tokens[Int(id)] }
        return Int(id) == vocabSize ? maskDisplay : VisibleText.invalid
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.tokens == b.tokens && a.eosToken == b.eosToken && a.task == b.task
    }

    private enum CodingKeys: String, CodingKey { case kind, tokens, eosToken = "eos_token", task }
    static let kind = "vocabulary"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        guard kind == Self.kind else { throw TokenizerError.unsupportedKind(kind) }
        try self.init(
            tokens: try c.decode([String].self, forKey: .tokens),
            eosToken: try c.decodeIfPresent(String.self, forKey: .eosToken),
            task: try c.decodeIfPresent(String.self, forKey: .task))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(tokens, forKey: .tokens)
        try c.encodeIfPresent(eosToken, forKey: .eosToken)
        try c.encodeIfPresent(task, forKey: .task)
    }
}
