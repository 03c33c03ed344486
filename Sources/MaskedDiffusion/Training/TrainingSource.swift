/// Clean training sequences before masking: [batch, seqLen], each row starting with a prefix
/// (prompt or class token) that is conditioning, never masked.
public struct CleanBatch: Sendable {
    public var tokens: [Int32]
    public var batch: Int
    public var seqLen: Int
    /// [batch]: conditioning positions at the start of each row (0 for unconditional data).
    public var prefixLengths: [Int]

    public init(tokens: [Int32], batch: Int, seqLen: Int, prefixLengths: [Int]) {
        precondition(tokens.count == batch * seqLen && prefixLengths.count == batch)
        self.tokens = tokens
        self.batch = batch
        self.seqLen = seqLen
        self.prefixLengths = prefixLengths
    }
}

/// Where training batches come from. The batch of optimizer step `step` must be a pure
/// function of `(seed, step)`, so an interrupted run resumes with exactly the data it would
/// have seen.
public protocol TrainingSource: Sendable {
    var seqLen: Int { get }
    func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch
}
