/// One token candidate at a position: a token id and its probability under the un-tempered softmax.
public struct Candidate: Codable, Equatable, Sendable {
    public var token: Int32
    public var probability: Float

    public init(token: Int32, probability: Float) {
        self.token = token
        self.probability = probability
    }

    /// Encoded as a two-element array `[token, probability]` to keep step lines short.
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        token = try c.decode(Int32.self)
        probability = try c.decode(Float.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(token)
        try c.encode(probability)
    }
}

/// A position committed (unmasked) at a step.
public struct Commit: Codable, Equatable, Sendable {
    /// Position in the whole sequence (prompt included).
    public var position: Int
    public var token: Int32
    /// Probability of `token` under the un-tempered softmax of the (guided) logits.
    public var confidence: Float
    /// The most likely tokens at this position, best first.
    public var candidates: [Candidate]

    public init(position: Int, token: Int32, confidence: Float, candidates: [Candidate]) {
        self.position = position
        self.token = token
        self.confidence = confidence
        self.candidates = candidates
    }

    enum CodingKeys: String, CodingKey { case position = "pos", token, confidence = "conf", candidates = "top" }
}

/// One row of a step: its tokens after the step and what changed.
public struct RowStep: Codable, Equatable, Sendable {
    /// The whole sequence after the step: [seqLen], mask id = still masked.
    public var tokens: [Int32]
    /// Positions committed at this step, in commit order.
    public var commits: [Commit]
    /// The semi-autoregressive block the row worked on (0 for block-free strategies).
    public var block: Int
    /// Network evaluations of this row so far; a guided evaluation counts two (the papers' NFE).
    public var nfe: Int
    /// With a key/value cache: the positions the network computed for this row at this step
    /// (empty when the row was not evaluated); nil without a cache (every evaluation is a full pass).
    public var computed: Range<Int>?
    /// What the network believed at each position masked before the step, in position order
    /// (nil in files written before it was recorded, and from backends that do not send it).
    public var beliefs: [PositionBelief]?

    public init(
        tokens: [Int32], commits: [Commit], block: Int, nfe: Int, computed: Range<Int>? = nil,
        beliefs: [PositionBelief]? = nil
    ) {
        self.tokens = tokens
        self.commits = commits
        self.block = block
        self.nfe = nfe
        self.computed = computed
        self.beliefs = beliefs
    }
}

/// The state of every row after one sampler step.
public struct TrajectoryStep: Codable, Equatable, Sendable {
    /// Step number in the trajectory, consecutive, continuing across a branch. (LLaDA schedule
    /// steps where no row has anything to commit, e.g. more steps than tokens, are not recorded.)
    public var index: Int
    /// Diffusion time at the start of the step (1 = all masked). Strategies without a time grid
    /// (llada, threshold, radd-ordered) report the mean masked fraction of the generated region.
    public var t: Double
    public var rows: [RowStep]

    public init(index: Int, t: Double, rows: [RowStep]) {
        self.index = index
        self.t = t
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey { case index = "step", t, rows }
}

/// A whole sampling run: where it started and every step.
public struct Trajectory: Equatable, Sendable {
    public var header: TrajectoryHeader
    public var steps: [TrajectoryStep]

    public init(header: TrajectoryHeader, steps: [TrajectoryStep] = []) {
        self.header = header
        self.steps = steps
    }

    /// Every row's tokens after the last step (the start when there are no steps): [rows][seqLen].
    public var finalTokens: [[Int32]] { steps.last.map { $0.rows.map(\.tokens) } ?? header.initialTokens }
}
