/// The network a sampler, a prediction or an ELBO estimate calls: logits [B·T, V] of a token
/// batch. Normally the `Transformer`; tests substitute scripted logits, to check scoring rules
/// exactly and to draw workbench screens that no retrained model or BLAS kernel can change.
public struct LogitsSource {
    let vocabSize: Int
    let maxSeqLen: Int
    /// Largest number of token rows (B·T) one call may process.
    let maxRows: Int
    let forward: (TokenBatch, Tensor) -> Void
    /// A key/value cache for `slots` sequences of `seqLen` positions, and the forward pass that
    /// uses one (`Transformer.forward(_:into:cache:slots:use:)`); nil for sources without one.
    let cached: Cached?

    struct Cached {
        let makeCache: (_ slots: Int, _ seqLen: Int) -> KVCache
        let forward: (TokenBatch, Tensor, KVCache, [Int], KVCacheUse) -> Void
    }

    /// forward(batch, logits): writes logits [batch.rows, vocabSize] (rows ≤ `maxRows`).
    public init(vocabSize: Int, maxSeqLen: Int, maxRows: Int, forward: @escaping (TokenBatch, Tensor) -> Void) {
        self.init(vocabSize: vocabSize, maxSeqLen: maxSeqLen, maxRows: maxRows, forward: forward, cached: nil)
    }

    init(
        vocabSize: Int, maxSeqLen: Int, maxRows: Int, forward: @escaping (TokenBatch, Tensor) -> Void,
        cached: Cached?
    ) {
        self.vocabSize = vocabSize
        self.maxSeqLen = maxSeqLen
        self.maxRows = maxRows
        self.forward = forward
        self.cached = cached
    }

    public init(_ model: Transformer) {
        self.init(
            vocabSize: model.config.vocabSize, maxSeqLen: model.maxSeqLen, maxRows: model.maxRows,
            forward: { model.forward($0, into: $1) },
            cached: Cached(
                makeCache: { KVCache(config: model.config, slots: $0, seqLen: $1) },
                forward: { model.forward($0, into: $1, cache: $2, slots: $3, use: $4) }))
    }
}
