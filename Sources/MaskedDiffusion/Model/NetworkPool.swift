import Synchronization

/// Inference networks of one model, kept for reuse: building a `Transformer` allocates its
/// workspace, so jobs that run again and again (every sample, every cursor prediction, every
/// ELBO batch) borrow one sized for their (rows, sequence length) instead of building their own.
///
/// A network serves one job at a time; two jobs that need the same shape at once get two. At
/// most `capacity` networks wait, the most recently used kept, so a user stepping the length knob
/// through many values does not accumulate one workspace per length.
public final class NetworkPool: Sendable {
    private struct Shape: Hashable {
        var rows: Int
        var seqLen: Int
    }

    private let params: ModelParameters
    private let capacity: Int
    /// Waiting networks, least recently returned first.
    private let idle = Mutex<[(shape: Shape, network: Transformer)]>([])

    public init(params: ModelParameters, capacity: Int = 4) {
        self.params = params
        self.capacity = capacity
    }

    /// Runs `body` with a forward-only, single-threaded network for up to `rows` sequences of
    /// `seqLen` positions, then keeps it for the next job of that shape.
    public func with<T>(rows: Int, seqLen: Int, _ body: (Transformer) throws -> T) rethrows -> T {
        let shape = Shape(rows: Swift.max(rows, 1), seqLen: seqLen)
        let waiting = idle.withLock { list in list.lastIndex { $0.shape == shape }.map { list.remove(at: $0).network } }
        let network =
            waiting
            ?? Transformer(params: params, maxRows: shape.rows * seqLen, threads: 1, maxSeqLen: seqLen, forwardOnly: true)
        defer {
            idle.withLock { list in
                list.append((shape, network))
                if list.count > capacity { list.removeFirst(list.count - capacity) }
            }
        }
        return try body(network)
    }

    /// Networks waiting for a job (for tests and memory reports).
    public var idleCount: Int { idle.withLock { $0.count } }
}
