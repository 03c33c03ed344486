/// The network a sampler calls: logits [B·T, V] of a token batch. Normally the `Transformer`;
/// tests substitute hand-made logits to check scoring rules exactly.
struct LogitsSource {
    let vocabSize: Int
    let maxSeqLen: Int
    /// Largest number of token rows (B·T) one call may process.
    let maxRows: Int
    let forward: (TokenBatch, Tensor) -> Void

    init(vocabSize: Int, maxSeqLen: Int, maxRows: Int, forward: @escaping (TokenBatch, Tensor) -> Void) {
        self.vocabSize = vocabSize
        self.maxSeqLen = maxSeqLen
        self.maxRows = maxRows
        self.forward = forward
    }

    init(_ model: Transformer) {
        self.init(
            vocabSize: model.config.vocabSize, maxSeqLen: model.maxSeqLen, maxRows: model.maxRows,
            forward: { model.forward($0, into: $1) })
    }
}
