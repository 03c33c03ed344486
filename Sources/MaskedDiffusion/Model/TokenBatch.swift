/// A batch of token sequences of equal length, the transformer's input.
public struct TokenBatch: Sendable {
    /// Token ids, row-major: [batch, seqLen]. Values in 0...vocabSize (vocabSize = mask).
    public var tokens: [Int32]
    public var batch: Int
    public var seqLen: Int
    /// Optional key-padding mask: [batch, seqLen], false = a padding position no query attends to.
    public var keyValid: [Bool]?
    /// Optional: [batch, seqLen], true where the caller reads the logits (a sampler's masked
    /// positions, an ELBO's scored ones); nil = every position. A network may then skip the last
    /// layer's work for the other positions, whose logits are left unspecified
    /// (`Transformer.forward`); a training network's `backward` after it takes weights that are
    /// zero there.
    public var scored: [Bool]?

    public init(tokens: [Int32], batch: Int, seqLen: Int, keyValid: [Bool]? = nil, scored: [Bool]? = nil) {
        precondition(tokens.count == batch * seqLen, "\(tokens.count) tokens for [\(batch), \(seqLen)]")
        precondition(keyValid == nil || keyValid!.count == tokens.count, "keyValid must match tokens")
        precondition(scored == nil || scored!.count == tokens.count, "scored must match tokens")
        self.tokens = tokens
        self.batch = batch
        self.seqLen = seqLen
        self.keyValid = keyValid
        self.scored = scored
    }

    public var rows: Int { batch * seqLen }
}
