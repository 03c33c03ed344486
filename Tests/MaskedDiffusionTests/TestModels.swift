@testable import MaskedDiffusion

/// Small models and batches shared by the engine tests.
enum TestModels {
    /// A model small enough for finite differences over every weight.
    /// Widths of 16+ with remainders, so both the 16-lane loops and their scalar tails run.
    static let tinyConfig = ModelConfig(vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 2, ffHidden: 36, maxSeqLen: 6)

    /// The tiny model with each feature real checkpoints add, in the combinations the families
    /// use: Qwen2/Dream (grouped-query attention, q/k/v biases, shifted prediction) and Qwen3
    /// (grouped-query attention, per-head q/k norms, a head width with H·hd ≠ d, tied head).
    static let variantConfigs: [String: ModelConfig] = [
        "qwen2-dream": ModelConfig(
            vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 2, nKVHeads: 1, ffHidden: 36, maxSeqLen: 6,
            qkvBias: true, shiftedPrediction: true),
        "qwen3-tied": ModelConfig(
            vocabSize: 19, dModel: 20, nLayers: 2, nHeads: 4, nKVHeads: 2, headDim: 6, ffHidden: 36, maxSeqLen: 6,
            qkNorm: true, tiedEmbeddings: true),
        "mqa-all": ModelConfig(
            vocabSize: 19, dModel: 20, nLayers: 1, nHeads: 3, nKVHeads: 1, headDim: 4, ffHidden: 36, maxSeqLen: 6,
            qkvBias: true, qkNorm: true, tiedEmbeddings: true, shiftedPrediction: true)
    ]

    /// Weights drawn wider than the training init (and norm gains ≠ 1) so every path carries signal.
    static func randomParameters(_ config: ModelConfig, seed: UInt64, std: Double = 0.3) -> ModelParameters {
        let p = ModelParameters(config: config)
        var rng = RNG(seed: seed, stream: .initialization)
        for e in p.layout.entries {
            for i in 0..<e.count {
                let z = rng.normal()
                p.values[e.offset + i] = Float(e.decays ? std * z : 1 + 0.2 * z)
            }
        }
        return p
    }

    /// A [batch, seqLen] batch with some mask tokens; row 1 has its last two keys padded.
    static func batch(_ config: ModelConfig, batch: Int, seqLen: Int, seed: UInt64, padded: Bool = true)
        -> (TokenBatch, targets: [Int32], weights: [Float])
    {
        var rng = RNG(seed: seed, stream: .data)
        let rows = batch * seqLen
        let tokens = (0..<rows).map { _ in Int32(rng.int(below: config.vocabSize + 1)) }
        let targets = (0..<rows).map { _ in Int32(rng.int(below: config.vocabSize)) }
        var weights = (0..<rows).map { _ in rng.uniformFloat() < 0.25 ? 0 : 0.2 + rng.uniformFloat() }
        var valid: [Bool]? = nil
        if padded && batch > 1 {
            var v = [Bool](repeating: true, count: rows)
            v[2 * seqLen - 1] = false
            v[2 * seqLen - 2] = false
            weights[2 * seqLen - 1] = 0
            weights[2 * seqLen - 2] = 0
            valid = v
        }
        return (TokenBatch(tokens: tokens, batch: batch, seqLen: seqLen, keyValid: valid), targets, weights)
    }
}
