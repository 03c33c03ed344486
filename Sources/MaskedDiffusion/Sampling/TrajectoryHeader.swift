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

    public init(model: String, tokenizer: String, kind: Kind, shape: [Int], sampler: SamplerConfig, seed: UInt64,
                problem: SamplingProblem, initialTokens: [[Int32]], initialNFE: [Int]) {
        self.model = model
        self.tokenizer = tokenizer
        self.kind = kind
        self.shape = shape
        self.sampler = sampler
        self.seed = seed
        self.problem = problem
        self.initialTokens = initialTokens
        self.initialNFE = initialNFE
    }

    public var rows: Int { initialTokens.count }
    public var seqLen: Int { initialTokens.first?.count ?? 0 }

    enum CodingKeys: String, CodingKey {
        case model, tokenizer, kind, shape, sampler, seed, problem
        case initialTokens = "initial_tokens", initialNFE = "initial_nfe"
    }
}
