/// What the network believed at one masked position at one step, before that step's commits:
/// the most likely token, its probability, the entropy of the distribution and the top-1 − top-2
/// margin, all under the un-tempered softmax of the row's latest (guided) logits. One per
/// position that was masked at the start of the step, so a viewer can follow a position's
/// confidence over steps and see a likely answer appear and be replaced before it is committed
/// ("temporal oscillation").
public struct PositionBelief: Codable, Equatable, Sendable {
    /// Position in the whole sequence (prompt included).
    public var position: Int
    /// The argmax token.
    public var token: Int32
    /// Its probability.
    public var probability: Float
    /// H(softmax z) in nats, ≥ 0.
    public var entropy: Float
    /// Top-1 minus top-2 probability, in [0, 1].
    public var margin: Float

    public init(position: Int, token: Int32, probability: Float, entropy: Float, margin: Float) {
        self.position = position
        self.token = token
        self.probability = probability
        self.entropy = entropy
        self.margin = margin
    }

    /// Encoded as `[pos, token, p, entropy, margin]` to keep step lines short.
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        position = try c.decode(Int.self)
        token = try c.decode(Int32.self)
        probability = try c.decode(Float.self)
        entropy = try c.decode(Float.self)
        margin = try c.decode(Float.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(position)
        try c.encode(token)
        try c.encode(probability)
        try c.encode(entropy)
        try c.encode(margin)
    }
}
