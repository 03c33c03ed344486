import Testing

@testable import MaskedDiffusion

/// Given the positions a caller reads (`TokenBatch.scored`), a network computes its last layer for
/// those only (on packed weights TransformerPass+ScoredRows.swift, otherwise the top of the layer,
/// TransformerPass+WeightedRows.swift). Their logits must be the full
/// pass's for every architecture option (Dream's shift reads the row before), with padding, and
/// with work split by sequences or by rows; the rest are NaN in debug builds, so a caller that
/// reads an unscored row fails loudly.
struct ScoredRowsTests {
    typealias Split = RowSplitForwardTests

    /// About 40% of positions scored, position 0 of the first sequence always (the shift's edge).
    static func scored(rows: Int) -> [Bool] {
        var rng = RNG(seed: 8, stream: .data)
        return (0..<rows).map { $0 == 0 || rng.uniformDouble() < 0.4 }
    }

    static func worst(_ a: [Float], _ b: [Float], rows: [Int], vocab V: Int) -> Float {
        rows.flatMap { r in (0..<V).map { abs(a[r * V + $0] - b[r * V + $0]) } }.max() ?? 0
    }

    @Test(arguments: Split.configs.keys.sorted())
    func scoredRowsGetTheFullPassLogits(variant: String) {
        let config = Split.configs[variant]!, V = config.vocabSize
        for (sequences, threads) in [(3, 1), (1, 2), (3, 2)] {
            for padded in [false, true] {
                var batch = Split.batch(config, sequences: sequences, padded: padded)
                let full = Split.logits(Split.network(config, threads: 1), batch)
                let scored = Self.scored(rows: batch.rows)
                batch.scored = scored
                let model = Split.network(config, threads: threads)
                let part = Split.logits(model, batch)
                let read = (0..<batch.rows).filter { scored[$0] }
                let label = "\(variant), \(sequences) sequences on \(threads) workers, padded \(padded)"
                #expect(Self.worst(full, part, rows: read, vocab: V) <= 1e-5, "\(label)")
                #expect(model.passes[0].ws.keepsRows, "\(label): the last layer ran on every row")
                #if DEBUG
                    let unread = (0..<batch.rows).filter { !scored[$0] }
                    #expect(unread.allSatisfy { r in (0..<V).allSatisfy { part[r * V + $0].isNaN } }, "\(label)")
                #endif
            }
        }
    }

    /// The last layer runs on the scored rows (or their sources under the shift), no more.
    @Test func theLastLayerKeepsOnlyTheRowsTheScoredOnesRead() {
        let plain = Split.configs["plain"]!, shifted = Split.configs["qwen2-dream"]!
        var batch = Split.batch(plain, sequences: 2, padded: false)
        let T = plain.maxSeqLen
        batch.scored = (0..<batch.rows).map { [1, 2, 5, T].contains($0) }
        let model = Split.network(plain, threads: 1)
        _ = Split.logits(model, batch)
        #expect(model.passes[0].ws.keptRows == [1, 2, 5, T])
        #expect(model.passes[0].ws.keptOffsets == [0, 3, 4])

        var shiftedBatch = Split.batch(shifted, sequences: 1, padded: false)
        shiftedBatch.scored = (0..<shifted.maxSeqLen).map { [0, 1, 4].contains($0) }
        let dream = Split.network(shifted, threads: 1)
        _ = Split.logits(dream, shiftedBatch)
        // Position 0 reads row 0, position 1 row 0 too, position 4 row 3.
        #expect(dream.passes[0].ws.keptRows == [0, 3])
        #expect(dream.passes[0].ws.scoredSource == [0, 0, -1, -1, 1, -1])
    }

    /// Networks that multiply as training does (a training network, a forward-only one built with
    /// `packedWeights: false`: the RL scorers) keep the scored rows after the last attention, every
    /// query still attending, so their scored logits agree bit for bit (θ = θ_old gives a ratio of
    /// exactly 1) and with the full pass; a batch that scores every row runs the ordinary pass.
    /// One sequence on two workers splits rows instead: both compute every row there.
    @Test(arguments: Split.configs.keys.sorted(), [(3, 1), (3, 2), (1, 2)])
    func networksThatMultiplyAsTrainingAgreeBitForBit(variant: String, shape: (sequences: Int, threads: Int)) {
        let config = Split.configs[variant]!, V = config.vocabSize
        let params = TestModels.randomParameters(config, seed: 5), rows = 3 * config.maxSeqLen
        let training = Transformer(params: params, maxRows: rows, threads: shape.threads)
        let scorer = Transformer(
            params: params, maxRows: rows, threads: shape.threads, forwardOnly: true, packedWeights: false)
        var batch = Split.batch(config, sequences: shape.sequences, padded: true)
        let full = Split.logits(training, batch)
        batch.scored = Self.scored(rows: batch.rows)
        let read = (0..<batch.rows).filter { batch.scored![$0] }
        let a = Split.logits(training, batch), b = Split.logits(scorer, batch)
        let label = "\(variant), \(shape.sequences) sequences on \(shape.threads) workers"
        #expect(read.allSatisfy { r in (0..<V).allSatisfy { a[r * V + $0] == b[r * V + $0] } }, "\(label)")
        #expect(Self.worst(full, a, rows: read, vocab: V) <= 1e-5, "\(label)")
        let skips = !config.shiftedPrediction && !training.splitsRows(batch)
        let top = skips ? read.count : batch.rows
        #expect(training.lastTopRows == top && scorer.lastTopRows == top, "\(label)")
        for model in [training, scorer] {
            let used = model.passes.prefix(model.lastShards)
            #expect(used.allSatisfy { $0.ws.lastLayer == (skips ? .keptAfterAttention : .all) }, "\(label)")
        }
        #if DEBUG
            let unread = (0..<batch.rows).filter { !batch.scored![$0] }
            if skips { #expect(unread.allSatisfy { r in b[r * V].isNaN }, "\(label)") }
        #endif
        batch.scored = Array(repeating: true, count: batch.rows)
        #expect(Split.logits(training, batch) == full, "\(label)")
        #expect(training.lastTopRows == batch.rows, "\(label)")
    }
}
