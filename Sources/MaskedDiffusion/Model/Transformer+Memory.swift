/// What a `Transformer` costs in memory, asked before building one, so a flag like
/// `--rows 100000000` or `--threads 100000` gets a message, not a failed allocation or the
/// out-of-memory killer.
extension Transformer {
    /// Rows of one worker's workspace: a shard holds at most ⌈B/threads⌉ sequences, sized for
    /// whole sequences of up to `seqLen` (never more than `maxRows`; no overflow near Int.max).
    static func shardRows(maxRows: Int, threads: Int, seqLen: Int) -> Int {
        guard threads > 1 else { return maxRows }
        let share = maxRows / threads + (maxRows % threads == 0 ? 0 : 1)
        return share > maxRows - seqLen ? maxRows : share + seqLen
    }

    /// Floats `init(params:maxRows:threads:maxSeqLen:forwardOnly:)` allocates besides the
    /// weights (every worker's workspace; gradient buffers of workers 1…); nil on overflow.
    /// A forward-only workspace is counted as the larger of its forms on packed weights and on
    /// OpenBLAS (the callers do not say which), so the count is never short.
    static func workingFloats(_ c: ModelConfig, maxRows: Int, threads: Int, maxSeqLen: Int, forwardOnly: Bool) -> Int? {
        let rows = shardRows(maxRows: maxRows, threads: threads, seqLen: maxSeqLen)
        let forms = (forwardOnly ? [false, true] : [false]).map {
            Workspace.floatCount(config: c, maxRows: rows, maxSeqLen: maxSeqLen, forwardOnly: forwardOnly, packsWeights: $0)
        }
        let workspace = forms.contains { $0 == nil } ? nil : forms.compactMap { $0 }.max()
        let gradients = forwardOnly ? 0 : CheckedCount.product(threads - 1, ModelMemory.parameterCount(c))
        return CheckedCount.sum(CheckedCount.product(threads, workspace), gradients)
    }

    /// Why networks of these shapes (with `c`'s weights, their packed copy for forward-only ones,
    /// and `beside` more floats such as gradients and optimizer moments) do not fit in this machine's memory together, or nil.
    /// Each is `sequences` of up to `seqLen` positions on `threads` workers; `what` names them for
    /// the message ("a network for 8 sequences of 64 positions").
    public static func memoryProblem(
        _ c: ModelConfig, networks: [(sequences: Int, seqLen: Int, threads: Int, forwardOnly: Bool)], beside: Int? = 0,
        what: String
    ) -> String? {
        // Forward-only networks share one packed copy of the weights (`PackedWeights`).
        let packsWeights = PackedWeights.used(for: c) && networks.contains { $0.forwardOnly }
        var total = CheckedCount.sum(beside, packsWeights ? PackedWeights.floatCount(c) : 0)
        for n in networks {
            let floats = CheckedCount.product(n.sequences, n.seqLen).flatMap {
                workingFloats(c, maxRows: $0, threads: n.threads, maxSeqLen: n.seqLen, forwardOnly: n.forwardOnly)
            }
            total = CheckedCount.sum(total, floats)
        }
        return ModelMemory.workspaceProblem(c, floats: total, what: what)
    }
}

/// A network that would not fit in memory: which, what it needs, and what the machine has.
public struct MemoryError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
