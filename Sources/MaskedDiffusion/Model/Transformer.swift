/// The masked-diffusion network: a bidirectional LLaMA-style transformer with no time input.
///
/// Data-parallel on the CPU: a batch is split into `threads` contiguous shards of sequences,
/// each run by its own worker with its own `Workspace`, calling single-threaded OpenBLAS
/// (set `BLAS.setThreads(1)` once at start-up). Gradients of the shards are summed. The
/// parameters are shared and read-only during a pass.
public final class Transformer: @unchecked Sendable {
    public let params: ModelParameters
    public var config: ModelConfig { params.config }
    public let threads: Int
    /// Largest number of token rows (B·T) one call may process.
    public let maxRows: Int
    /// Longest sequence one call may process (at most the model's `maxSeqLen`).
    public let maxSeqLen: Int
    /// Inference only: `backward` and `lossAndGradients` are unavailable, the workspace is small.
    public let forwardOnly: Bool

    /// One pass (and workspace) per worker thread.
    let passes: [TransformerPass]
    /// Per-worker gradient buffers for workers 1…; worker 0 adds straight into the caller's.
    private let shardGrads: [Tensor]
    /// The worker threads (the caller is worker 0).
    let gang: WorkerGang
    /// Passes the last call used (`runShards`; 1 for a row-split forward, all in worker 0's).
    var lastShards = 0

    /// A network for batches of at most `maxRows` token rows of sequences of at most `maxSeqLen`
    /// positions (default: the model's), optionally forward-only (inference: no activations kept
    /// for backward, about 1/layers of the memory). A forward-only network multiplies by the
    /// packed weights where `PackedWeights.used`, unless `packedWeights` is false: then its
    /// products are OpenBLAS's, as a training network's, so their outputs agree bit for bit (RL
    /// compares the reference's and the old policy's likelihoods with the policy's).
    public init(
        params: ModelParameters, maxRows: Int, threads: Int = 1, maxSeqLen: Int? = nil, forwardOnly: Bool = false,
        packedWeights: Bool = true
    ) {
        let c = params.config
        let seq = maxSeqLen ?? c.maxSeqLen
        precondition(threads >= 1 && maxRows >= 1 && seq >= 1 && seq <= c.maxSeqLen)
        self.params = params
        self.threads = threads
        self.maxRows = maxRows
        self.maxSeqLen = seq
        self.forwardOnly = forwardOnly
        let rope = RoPE(headDim: c.headDim, maxLen: seq, theta: c.ropeTheta)
        let shardRows = Self.shardRows(maxRows: maxRows, threads: threads, seqLen: seq)
        passes = (0..<threads).map { _ in
            TransformerPass(
                params: params, rope: rope,
                ws: Workspace(
                    config: c, maxRows: shardRows, maxSeqLen: seq, forwardOnly: forwardOnly, packsWeights: packedWeights))
        }
        shardGrads = forwardOnly ? [] : (1..<threads).map { _ in Tensor(shape: [params.layout.totalCount]) }
        gang = WorkerGang(count: threads)
    }

    /// Logits of every position, or of the batch's `scored` positions: [B·T, V] written into
    /// `logits` (row-major, [B, T, V]). The network skips the last layer's work for positions not
    /// scored and leaves their rows unspecified (NaN in debug builds): a network on packed weights
    /// all of it but the keys and values, one that multiplies as training does (a training network,
    /// or a forward-only one built with `packedWeights: false`) the part above the attention, so
    /// that such networks' logits agree bit for bit. A following `backward` then takes weights
    /// that are zero outside the scored rows.
    public func forward(_ batch: TokenBatch, into logits: Tensor) {
        precondition(logits.count >= batch.rows * config.vocabSize, "logits tensor too small")
        defer { releasePackedWeights() }
        #if DEBUG
            if batch.scored != nil { logits.data.update(repeating: .nan, count: batch.rows * config.vocabSize) }
        #endif
        if splitsRows(batch) { return forwardSplittingRows(batch, into: logits) }
        let V = config.vocabSize
        runShards(batch) { _, pass, seqs in
            let rows = seqs.count * batch.seqLen
            let lo = seqs.lowerBound * batch.seqLen
            pass.forward(
                tokens: batch.tokens[lo..<lo + rows], keyValid: batch.keyValid?[lo..<lo + rows],
                batch: seqs.count, seqLen: batch.seqLen, scored: batch.scored?[lo..<lo + rows])
            pass.copyLogits(into: logits.data + lo * V)
        }
    }

    /// Σ_r weights[r]·CE(logits[r], targets[r]) over the batch, with its gradient *added* to `grads`.
    /// targets, weights: [B·T]; grads: [layout.totalCount]. Rows of weight 0 skip the last
    /// layer's o_proj, MLP and head (`TransformerPass+WeightedRows.swift`).
    @discardableResult
    public func lossAndGradients(_ batch: TokenBatch, targets: [Int32], weights: [Float], grads: Tensor) -> Double {
        gradientPass(batch, targets: targets, weights: weights, grads: grads, runForward: true)
    }

    /// The backward half of `lossAndGradients`, after `forward(batch, into:)` on the same batch:
    /// for objectives whose per-position weights depend on the forward's own outputs (RL ratios),
    /// so the network runs forward once. Adds the gradient to `grads`; returns Σ weight·CE.
    /// After a forward with `scored` rows, `weights` must be zero at the other rows.
    @discardableResult
    public func backward(_ batch: TokenBatch, targets: [Int32], weights: [Float], grads: Tensor) -> Double {
        gradientPass(batch, targets: targets, weights: weights, grads: grads, runForward: false)
    }

    private func gradientPass(
        _ batch: TokenBatch, targets: [Int32], weights: [Float], grads: Tensor,
        runForward: Bool
    ) -> Double {
        precondition(!forwardOnly, "a forward-only network has no gradients")
        precondition(targets.count == batch.rows && weights.count == batch.rows)
        precondition(grads.count == params.layout.totalCount)
        let losses = LossSlots(count: threads)
        runShards(batch) { shard, pass, seqs in
            let rows = seqs.count * batch.seqLen
            let lo = seqs.lowerBound * batch.seqLen
            let range = lo..<lo + rows
            if runForward {
                pass.forward(
                    tokens: batch.tokens[range], keyValid: batch.keyValid?[range],
                    batch: seqs.count, seqLen: batch.seqLen, lossWeights: weights[range])
            } else {
                precondition(
                    pass.ws.batch == seqs.count && pass.ws.seqLen == batch.seqLen
                        && pass.ws.tokens.elementsEqual(batch.tokens[range]), "backward needs forward on the same batch")
            }
            let g = shard == 0 ? grads : self.shardGrads[shard - 1]
            if shard > 0 { g.zero() }
            losses.values[shard] = pass.backward(targets: targets[range], weights: weights[range], grads: g.data)
        }
        let used = Swift.min(threads, batch.batch)
        for s in 1..<Swift.max(used, 1) { addInPlace(grads.data, shardGrads[s - 1].data, grads.count) }
        return (0..<threads).reduce(0) { $0 + losses.values[$1] }
    }

    /// Rows the last call ran the top of its last layer on (o_proj, the MLP, the final norm and
    /// the head): every row, or only the scored ones (`TransformerPass+ScoredRows.swift`) or those
    /// of nonzero loss weight (`TransformerPass+WeightedRows.swift`). What a FLOP count needs.
    public var lastTopRows: Int {
        passes.prefix(lastShards).reduce(0) { $0 + ($1.ws.keepsRows ? $1.ws.keptRows.count : $1.ws.rows) }
    }

    /// Lets go of the packed weights the passes multiplied by, so that a copy made stale by an
    /// update is freed with the parameters' reference to it, not kept until the next forward.
    func releasePackedWeights() { for pass in passes { pass.ws.packed = nil } }

    /// Splits the batch's sequences into contiguous shards and runs `body` on each, in parallel.
    /// Non-escaping, on the gang's threads, over passes built once: a call allocates nothing.
    func runShards(_ batch: TokenBatch, _ body: @Sendable (Int, TransformerPass, Range<Int>) -> Void) {
        precondition(batch.rows <= maxRows, "batch of \(batch.rows) rows exceeds maxRows \(maxRows)")
        precondition(batch.seqLen <= maxSeqLen, "sequence length \(batch.seqLen) exceeds \(maxSeqLen)")
        let shards = Swift.min(threads, batch.batch)
        lastShards = shards
        guard shards > 1 else { return body(0, passes[0], 0..<batch.batch) }
        gang.run { s in
            if s < shards { body(s, passes[s], batch.batch * s / shards..<batch.batch * (s + 1) / shards) }
        }
    }
}

/// One loss slot per worker, written by that worker only (raw memory: concurrent writes to
/// distinct elements of a Swift array would race on the array itself).
private final class LossSlots: @unchecked Sendable {
    let values: UnsafeMutablePointer<Double>
    init(count: Int) { values = .allocate(capacity: count); values.initialize(repeating: 0, count: count) }
    deinit { values.deallocate() }
}
