import Testing

@testable import MaskedDiffusion

/// With fewer sequences than workers, `Transformer.forward` splits one pass's rows and attention
/// heads among the workers (Transformer+RowSplit.swift). Its logits must be the one-worker pass's,
/// for every architecture option: GQA, q/k norms, biases, tied heads and Dream's shift.
struct RowSplitForwardTests {
    static let configs = TestModels.variantConfigs.merging(
        ["plain": ModelConfig(vocabSize: 19, dModel: 32, nLayers: 2, nHeads: 4, ffHidden: 48, maxSeqLen: 12)]) { a, _ in a }

    /// A network of `threads` workers for up to 3 sequences, the same weights for every call.
    static func network(_ config: ModelConfig, threads: Int) -> Transformer {
        Transformer(
            params: TestModels.randomParameters(config, seed: 5), maxRows: 3 * config.maxSeqLen, threads: threads,
            forwardOnly: true)
    }

    static func logits(_ model: Transformer, _ batch: TokenBatch) -> [Float] {
        let out = Tensor(shape: [batch.rows, model.config.vocabSize])
        model.forward(batch, into: out)
        return out.array
    }

    /// Random tokens; `padded` marks the last key of each sequence invalid.
    static func batch(_ config: ModelConfig, sequences: Int, padded: Bool) -> TokenBatch {
        let T = config.maxSeqLen
        var rng = RNG(seed: 6, stream: .data)
        let tokens = (0..<sequences * T).map { _ in Int32(rng.int(below: config.vocabSize + 1)) }
        let valid = padded ? (0..<sequences * T).map { $0 % T != T - 1 } : nil
        return TokenBatch(tokens: tokens, batch: sequences, seqLen: T, keyValid: valid)
    }

    @Test(arguments: configs.keys.sorted())
    func splitPassEqualsOneWorker(variant: String) {
        let config = Self.configs[variant]!
        for (sequences, threads) in [(1, 2), (2, 3), (1, 3)] {
            for padded in [false, true] {
                let batch = Self.batch(config, sequences: sequences, padded: padded)
                let model = Self.network(config, threads: threads)
                #expect(model.splitsRows(batch), "\(variant): \(sequences) sequences on \(threads) workers")
                let one = Self.logits(Self.network(config, threads: 1), batch), split = Self.logits(model, batch)
                let worst = zip(one, split).map { abs($0 - $1) }.max()!
                #expect(worst <= 1e-5, "\(variant), \(sequences) on \(threads) workers, padded \(padded): \(worst)")
            }
        }
    }

    /// As many sequences as workers keep whole sequences per worker (the data-parallel pass).
    @Test func enoughSequencesKeepWholeSequencesPerWorker() {
        let config = Self.configs["plain"]!
        let model = Self.network(config, threads: 2)
        #expect(!model.splitsRows(Self.batch(config, sequences: 2, padded: false)))
        #expect(model.splitsRows(Self.batch(config, sequences: 1, padded: false)))
    }
}
