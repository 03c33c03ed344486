import Testing

@testable import MaskedDiffusion

/// The approximate key/value cache: exact where nothing it holds is stale, approximate (and
/// visibly so) where it is, and never mixing up sequences.
@Suite struct KVCacheTests {
    static let config = ModelConfig(vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 2, ffHidden: 36, maxSeqLen: 12)

    static func tokens(batch: Int, seqLen: Int, seed: UInt64, vocab: Int) -> [Int32] {
        var rng = RNG(seed: seed, stream: .data)
        return (0..<batch * seqLen).map { _ in Int32(rng.int(below: vocab + 1)) }
    }

    static func fullLogits(_ model: Transformer, _ tokens: [Int32], batch: Int, seqLen: Int) -> [Float] {
        let out = Tensor(shape: [batch * seqLen, model.config.vocabSize])
        model.forward(TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen), into: out)
        return Array(UnsafeBufferPointer(start: out.data, count: out.count))
    }

    static func maxDifference(_ a: [Float], _ b: [Float], rows: Range<Int>, vocab V: Int) -> Float {
        rows.reduce(0) { m, r in (0..<V).reduce(m) { Swift.max($0, abs(a[r * V + $1] - b[r * V + $1])) } }
    }

    /// On unchanged tokens the window's logits are the full pass's: the cache holds exact keys.
    @Test(arguments: [1, 2], variants.indices)
    func windowOnUnchangedTokensEqualsFullPass(threads: Int, variant: Int) {
        let c = Self.variants[variant], T = 12, B = 3, V = c.vocabSize
        let model = Transformer(
            params: TestModels.randomParameters(c, seed: 5), maxRows: B * T, threads: threads, forwardOnly: true)
        let tokens = Self.tokens(batch: B, seqLen: T, seed: 9, vocab: V)
        let full = Self.fullLogits(model, tokens, batch: B, seqLen: T)
        let cache = KVCache(config: c, slots: B, seqLen: T)
        let out = Tensor(shape: [B * T, V])
        let batch = TokenBatch(tokens: tokens, batch: B, seqLen: T)
        model.forward(batch, into: out, cache: cache, slots: [0, 1, 2], use: .fill)
        let filled = Array(UnsafeBufferPointer(start: out.data, count: out.count))
        #expect(Self.maxDifference(filled, full, rows: 0..<B * T, vocab: V) < 1e-5)
        out.zero()
        model.forward(batch, into: out, cache: cache, slots: [0, 1, 2], use: .window(4..<8))
        let windowed = Array(UnsafeBufferPointer(start: out.data, count: out.count))
        for b in 0..<B {
            #expect(Self.maxDifference(windowed, full, rows: b * T + 4..<b * T + 8, vocab: V) < 1e-5)
            // Positions outside the window are left as they were (zero here).
            #expect(windowed[(b * T) * V..<(b * T + 4) * V].allSatisfy { $0 == 0 })
        }
    }

    /// Every architecture option the cache must carry: grouped key/value heads with an own head
    /// width, q/k/v biases with q/k norms, tied embeddings with Dream's shifted prediction.
    static let variants: [ModelConfig] = [
        config,
        ModelConfig(vocabSize: 19, dModel: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, headDim: 8, maxSeqLen: 12),
        ModelConfig(vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 2, maxSeqLen: 12, qkvBias: true, qkNorm: true),
        ModelConfig(
            vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 2, nKVHeads: 1, maxSeqLen: 12, tiedEmbeddings: true,
            shiftedPrediction: true)
    ]

    /// With one layer a position's key depends on its own token only, so after tokens change
    /// inside the window the cached rest is still exact and the window equals a full pass.
    @Test(arguments: variants.indices)
    func oneLayerWindowIsExactAfterEdits(variant: Int) {
        var c = Self.variants[variant]
        c.nLayers = 1
        let T = 12, V = c.vocabSize
        let model = Transformer(params: TestModels.randomParameters(c, seed: 6), maxRows: T, forwardOnly: true)
        var tokens = Self.tokens(batch: 1, seqLen: T, seed: 10, vocab: V)
        let cache = KVCache(config: c, slots: 1, seqLen: T)
        let out = Tensor(shape: [T, V])
        model.forward(TokenBatch(tokens: tokens, batch: 1, seqLen: T), into: out, cache: cache, slots: [0], use: .fill)
        tokens[5] = Int32((Int(tokens[5]) + 1) % V)
        tokens[6] = Int32(V)
        model.forward(TokenBatch(tokens: tokens, batch: 1, seqLen: T), into: out, cache: cache, slots: [0], use: .window(4..<8))
        let windowed = Array(UnsafeBufferPointer(start: out.data, count: out.count))
        let full = Self.fullLogits(model, tokens, batch: 1, seqLen: T)
        #expect(Self.maxDifference(windowed, full, rows: 4..<8, vocab: V) < 1e-5)
    }

    /// With two layers the cached keys outside the window saw the old tokens: the result differs
    /// from a full pass (the approximation is real) yet stays close.
    @Test func deeperWindowIsApproximateAfterEdits() {
        let c = Self.config, T = 12, V = c.vocabSize
        let model = Transformer(params: TestModels.randomParameters(c, seed: 7), maxRows: T, forwardOnly: true)
        var tokens = Self.tokens(batch: 1, seqLen: T, seed: 11, vocab: V)
        let cache = KVCache(config: c, slots: 1, seqLen: T)
        let out = Tensor(shape: [T, V])
        model.forward(TokenBatch(tokens: tokens, batch: 1, seqLen: T), into: out, cache: cache, slots: [0], use: .fill)
        for i in 4..<8 { tokens[i] = Int32((Int(tokens[i]) + 3) % V) }
        model.forward(TokenBatch(tokens: tokens, batch: 1, seqLen: T), into: out, cache: cache, slots: [0], use: .window(4..<8))
        let windowed = Array(UnsafeBufferPointer(start: out.data, count: out.count))
        let full = Self.fullLogits(model, tokens, batch: 1, seqLen: T)
        #expect(Self.maxDifference(windowed, full, rows: 4..<8, vocab: V) > 1e-4)
    }

    /// Slots, not batch order, decide whose cache a sequence reads.
    @Test func slotsKeepSequencesApart() {
        let c = Self.config, T = 12, V = c.vocabSize
        let model = Transformer(params: TestModels.randomParameters(c, seed: 8), maxRows: 2 * T, forwardOnly: true)
        let tokens = Self.tokens(batch: 2, seqLen: T, seed: 12, vocab: V)
        let full = Self.fullLogits(model, tokens, batch: 2, seqLen: T)
        let cache = KVCache(config: c, slots: 2, seqLen: T)
        let out = Tensor(shape: [2 * T, V])
        model.forward(TokenBatch(tokens: tokens, batch: 2, seqLen: T), into: out, cache: cache, slots: [0, 1], use: .fill)
        // The second sequence alone, in batch position 0, reading slot 1.
        let second = Array(tokens[T..<2 * T])
        model.forward(TokenBatch(tokens: second, batch: 1, seqLen: T), into: out, cache: cache, slots: [1], use: .window(0..<3))
        let windowed = Array(UnsafeBufferPointer(start: out.data, count: T * V))
        #expect(Self.maxDifference(windowed, Array(full[T * V..<2 * T * V]), rows: 0..<3, vocab: V) < 1e-5)
    }
}
