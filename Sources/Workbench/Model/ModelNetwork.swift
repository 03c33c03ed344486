import MaskedDiffusion

/// Where the engine jobs of a loaded model get their logits: the model's own networks, or a
/// scripted source (the full-screen tests, whose screens must not change when a demo model is
/// retrained or BLAS picks another kernel).
public enum ModelNetwork: Sendable {
    /// `NetworkPool` networks of the model's weights.
    case weights(NetworkPool)
    /// A source built for each job: (rows, seqLen) → logits of at most that many sequences.
    case scripted(@Sendable (_ rows: Int, _ seqLen: Int) -> LogitsSource)

    /// Runs `body` with a source for up to `rows` sequences of `seqLen` positions.
    func with<T>(rows: Int, seqLen: Int, _ body: (LogitsSource) throws -> T) rethrows -> T {
        switch self {
        case .weights(let pool): try pool.with(rows: rows, seqLen: seqLen) { try body(LogitsSource($0)) }
        case .scripted(let make): try body(make(rows, seqLen))
        }
    }
}
