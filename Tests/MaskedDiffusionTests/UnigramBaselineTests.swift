import Testing

@testable import MaskedDiffusion

struct UnigramBaselineTests {
    /// Rows `[9, 0, 0, 1]` with a one-token prefix: modelled tokens 0, 0, 1 in every row.
    struct FixedSource: TrainingSource {
        let seqLen = 4
        func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
            CleanBatch(
                tokens: Array([Int32]([9, 0, 0, 1]).repeated(size)), batch: size, seqLen: 4,
                prefixLengths: [Int](repeating: 1, count: size))
        }
    }

    @Test func matchesSmoothedFrequenciesAndIgnoresPrefixes() {
        let bits = UnigramBaseline.bitsPerToken(
            source: FixedSource(), vocabSize: 10, test: [([9, 0, 1, 1], 1)],
            trainingBatches: 2, batchSize: 5)
        // 10 rows: token 0 counted 20 times, token 1 10 times, +1 each over 10 tokens: total 40.
        let expected = -(_log(21.0 / 40) + 2 * _log(11.0 / 40)) / 3 / _log(2)
        #expect(abs(bits - expected) < 1e-12)
    }
}

extension Array {
    func repeated(_ n: Int) -> [Element] { (0..<n).flatMap { _ in self } }
}
