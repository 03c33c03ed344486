import Testing

@testable import MaskedDiffusion

/// The first layer's q/k/v once per distinct token (`TokenRows`, TransformerPass+TokenRows.swift).
struct TokenRowsTests {
    @Test func planNamesEachDistinctTokenOnceAndEveryRowItsSource() {
        var rows = TokenRows(maxRows: 8, vocabulary: 9)
        for tokens: [Int32] in [[9, 9, 3, 9, 0, 3, 7, 9], [1, 2, 3], [9, 9], []] {
            rows.plan(tokens)
            #expect(rows.tokens == Self.firstAppearances(tokens), "\(tokens)")
            #expect(rows.source.count == tokens.count)
            for (r, t) in tokens.enumerated() {
                let j = Int(rows.source[r])
                #expect(j <= r && rows.tokens[j] == t, "row \(r) of \(tokens)")
            }
        }
    }

    /// The distinct tokens in order of first appearance, by a plain scan.
    static func firstAppearances(_ tokens: [Int32]) -> [Int32] {
        var seen: [Int32] = []
        for t in tokens where !seen.contains(t) { seen.append(t) }
        return seen
    }

    /// Layer 0's q/k/v of a pass that shares token rows equal, bit for bit, the same stages run on
    /// every row (as every other layer runs): for each architecture option, with repeated tokens.
    @Test(
        .enabled(if: PackedWeights.enabled, "only passes on packed weights share token rows"),
        arguments: RowSplitForwardTests.configs.keys.sorted())
    func sharedRowsEqualEveryRowProjected(variant: String) {
        let config = RowSplitForwardTests.configs[variant]!
        let model = RowSplitForwardTests.network(config, threads: 1)
        let batch = RowSplitForwardTests.batch(config, sequences: 3, padded: false)
        let pass = model.passes[0], p = model.params.layout.layers[0]
        pass.begin(tokens: batch.tokens[...], batch: batch.batch, seqLen: batch.seqLen)
        #expect(pass.sharesTokenRows)
        #expect(pass.ws.tokenRows.tokens.count < batch.rows, "the batch repeats tokens")
        let count = batch.rows * config.qkvWidth
        let shared = Array(
            UnsafeBufferPointer(start: pass.projectQKV(layer: 0, p, rows: 0..<batch.rows, firstPosition: 0), count: count))
        pass.projectRows(layer: 0, p, input: pass.ws.xs[0].data, rows: 0..<batch.rows)
        pass.rotate(layer: 0, rows: 0..<batch.rows, firstPosition: 0)
        let everyRow = Array(UnsafeBufferPointer(start: pass.ws.qkv[0].data, count: count))
        let differing = zip(shared, everyRow).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(variant): \(differing) of \(count) floats differ")
        model.releasePackedWeights()
    }
}
