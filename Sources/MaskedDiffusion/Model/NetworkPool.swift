import Synchronization

/// Inference networks of one model, kept for reuse: building a `Transformer` allocates its
/// workspace, so jobs that run again and again (every sample, every cursor prediction, every
/// ELBO batch) borrow one sized for their (rows, sequence length) instead of building their own.
///
/// A network serves one job at a time; two jobs that need the same shape at once get two.
public final class NetworkPool: Sendable {
    private struct Shape: Hashable {
        var rows: Int
        var seqLen: Int
    }

    private let params: ModelParameters
    private let idle = Mutex<[Shape: [Transformer]]>([:])

    public init(params: ModelParameters) { self.params = params }

    /// Runs `body` with a forward-only, single-threaded network for up to `rows` sequences of
    /// `seqLen` positions, then keeps it for the next job of that shape.
    public func with<T>(rows: Int, seqLen: Int, _ body: (Transformer) throws -> T) rethrows -> T {
        let shape = Shape(rows: Swift.max(rows, 1), seqLen: seqLen)
        let network =
            idle.withLock { $0[shape]?.popLast() }
            ?? Transformer(params: params, maxRows: shape.rows * seqLen, threads: 1, maxSeqLen: seqLen, forwardOnly: true)
        defer { idle.withLock { $0[shape, default: []].append(network) } }
        return try body(network)
    }

    /// Networks waiting for a job (for tests and memory reports).
    public var idleCount: Int { idle.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
