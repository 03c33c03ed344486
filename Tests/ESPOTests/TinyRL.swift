import MaskedDiffusion

@testable import ESPO

/// A tiny model and rollout-shaped sequences shared by the ESPO tests.
enum TinyRL {
    /// V = 7 (mask id 7), prompt P = 3, completion L = 5.
    static let config = ModelConfig(vocabSize: 7, dModel: 16, nLayers: 2, nHeads: 2, ffHidden: 24, maxSeqLen: 8)
    static let promptLength = 3, completionLength = 5
    static var maskId: Int32 { Int32(config.maskTokenId) }

    /// Weights wider than the training init so every path carries signal.
    static func parameters(seed: UInt64, std: Double = 0.3) -> ModelParameters {
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

    /// `base` with every weight moved by N(0, std²): a nearby old or reference policy.
    static func perturbed(_ base: ModelParameters, seed: UInt64, std: Double) -> ModelParameters {
        let p = base.copy()
        var rng = RNG(seed: seed, stream: .initialization)
        for i in 0..<p.values.count { p.values[i] += Float(std * rng.normal()) }
        return p
    }

    /// B random sequences of P + L real tokens: [B][8].
    static func sequences(_ B: Int, seed: UInt64) -> [[Int32]] {
        var rng = RNG(seed: seed, stream: .data)
        return (0..<B).map { _ in (0..<promptLength + completionLength).map { _ in Int32(rng.int(below: config.vocabSize)) } }
    }

    /// ℓ[b, k] of `params` on `batch`.
    static func values(_ params: ModelParameters, _ batch: MaskedBatch, threads: Int = 1) -> [Double] {
        let net = Transformer(params: params, maxRows: batch.input.rows, threads: threads)
        let logits = Tensor(shape: [batch.input.rows, config.vocabSize])
        net.forward(batch.input, into: logits)
        return batch.tokenValues(logits: logits, vocabSize: config.vocabSize)
    }
}
