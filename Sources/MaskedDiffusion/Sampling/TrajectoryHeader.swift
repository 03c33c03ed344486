/// What a trajectory samples from and how: the first line of a trajectory file.
public struct TrajectoryHeader: Codable, Equatable, Sendable {
    /// What the tokens are, so a viewer knows how to draw them.
    public enum Kind: String, Codable, Sendable { case text, image }

    /// Model and tokenizer as the user named them (checkpoint folder, file path, or a label).
    public var model: String
    public var tokenizer: String
    public var kind: Kind
    /// text: [rows, seqLen]; image: [rows, height, width] of the generated patch grid.
    public var shape: [Int]
    public var sampler: SamplerConfig
    public var seed: UInt64
    public var problem: SamplingProblem
    /// Every row before the first step: [rows][seqLen] (prompt, then masks and fixed tokens; a
    /// branch starts from the tokens of the step it branched from).
    public var initialTokens: [[Int32]]
    /// Network evaluations per row before the first step (non-zero for a branch).
    public var initialNFE: [Int]
    /// The id of a still-masked position, for files from models whose mask is not the vocabulary
    /// size (a Hugging Face LLaDA's 126336); nil = the vocabulary size, Unmask's own convention.
    public var maskTokenId: Int32?
    /// Display text of token ids (id → decoded string), so a file recorded from a model whose
    /// tokenizer Unmask cannot read still shows text; only ids that occur need entries. nil when
    /// the `tokenizer` file is Unmask's own `tokenizer.json`.
    public var tokenText: [Int32: String]?

    public init(
        model: String, tokenizer: String, kind: Kind, shape: [Int], sampler: SamplerConfig, seed: UInt64,
        problem: SamplingProblem, initialTokens: [[Int32]], initialNFE: [Int],
        maskTokenId: Int32? = nil, tokenText: [Int32: String]? = nil
    ) {
        self.model = model
        self.tokenizer = tokenizer
        self.kind = kind
        self.shape = shape
        self.sampler = sampler
        self.seed = seed
        self.problem = problem
        self.initialTokens = initialTokens
        self.initialNFE = initialNFE
        self.maskTokenId = maskTokenId
        self.tokenText = tokenText
    }

    public var rows: Int { initialTokens.count }
    public var seqLen: Int { initialTokens.first?.count ?? 0 }

    enum CodingKeys: String, CodingKey {
        case model, tokenizer, kind, shape, sampler, seed, problem
        case initialTokens = "initial_tokens", initialNFE = "initial_nfe"
        case maskTokenId = "mask_token_id", tokenText = "token_text"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        tokenizer = try c.decode(String.self, forKey: .tokenizer)
        kind = try c.decode(Kind.self, forKey: .kind)
        shape = try c.decode([Int].self, forKey: .shape)
        sampler = try c.decode(SamplerConfig.self, forKey: .sampler)
        seed = try c.decode(UInt64.self, forKey: .seed)
        problem = try c.decode(SamplingProblem.self, forKey: .problem)
        initialTokens = try c.decode([[Int32]].self, forKey: .initialTokens)
        initialNFE = try c.decode([Int].self, forKey: .initialNFE)
        maskTokenId = try c.decodeIfPresent(Int32.self, forKey: .maskTokenId)
        tokenText = try c.decodeIfPresent([String: String].self, forKey: .tokenText).map { table in
            // JSON object keys are strings; each must be a token id.
            var byId: [Int32: String] = [:]
            for (key, text) in table {
                guard let id = Int32(key), id >= 0 else {
                    throw DecodingError.dataCorrupted(
                        .init(
                            codingPath: c.codingPath + [CodingKeys.tokenText],
                            debugDescription: "key \"\(key)\" is not a token id"))
                }
                byId[id] = text
            }
            return byId
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(tokenizer, forKey: .tokenizer)
        try c.encode(kind, forKey: .kind)
        try c.encode(shape, forKey: .shape)
        try c.encode(sampler, forKey: .sampler)
        try c.encode(seed, forKey: .seed)
        try c.encode(problem, forKey: .problem)
        try c.encode(initialTokens, forKey: .initialTokens)
        try c.encode(initialNFE, forKey: .initialNFE)
        try c.encodeIfPresent(maskTokenId, forKey: .maskTokenId)
        try c.encodeIfPresent(
            tokenText.map { Dictionary(uniqueKeysWithValues: $0.map { (String($0.key), $0.value) }) },
            forKey: .tokenText)
    }
}
