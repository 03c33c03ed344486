/// The simplest reference for bits per token: a unigram model of the modelled positions, fitted
/// on training data (add-one smoothing) and scored on held-out sequences. A masked-diffusion
/// model that has learned anything beats it by a wide margin.
public enum UnigramBaseline {
    /// Cross-entropy in bits per token of `test` completions (positions after `prefix`) under
    /// token frequencies counted on `trainingBatches` batches of the source.
    public static func bitsPerToken(
        source: any TrainingSource, vocabSize: Int, test: [(tokens: [Int32], prefix: Int)],
        trainingBatches: Int = 32, batchSize: Int = 32, seed: UInt64 = 0
    ) -> Double {
        var counts = [Double](repeating: 1, count: vocabSize)
        for step in 0..<trainingBatches {
            let b = source.batch(step: step, size: batchSize, seed: seed)
            for row in 0..<b.batch {
                for i in (row * b.seqLen + b.prefixLengths[row])..<((row + 1) * b.seqLen) { counts[Int(b.tokens[i])] += 1 }
            }
        }
        let total = counts.reduce(0, +)
        var bits = 0.0, n = 0
        for s in test {
            for t in s.tokens[s.prefix...] {
                bits -= _log(counts[Int(t)] / total) / _log(2)
                n += 1
            }
        }
        return n == 0 ? .nan : bits / Double(n)
    }
}
