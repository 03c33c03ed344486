@testable import MaskedDiffusion

/// Models, problems and checks shared by the sampling tests.
enum SamplingFixtures {
    /// A tiny random model with room for prompt 3 + up to 37 generated tokens.
    static let modelConfig = ModelConfig(vocabSize: 13, dModel: 16, nLayers: 2, nHeads: 2, ffHidden: 32, maxSeqLen: 40)

    static func model(maxRows: Int = 16 * 40, seed: UInt64 = 11) -> Transformer {
        Transformer(params: TestModels.randomParameters(modelConfig, seed: seed, std: 0.5), maxRows: maxRows)
    }

    static let prompt: [Int32] = [1, 2, 3]

    /// A sampler config for `strategy` small enough for fast tests: 12 tokens, 6 steps, blocks of 4.
    static func config(_ strategy: SamplingStrategy, temperature: Double = 1) -> SamplerConfig {
        var c = SamplerConfig.defaults(for: strategy)
        c.generationLength = 12
        c.steps = 6
        c.blockLength = 4
        c.temperature = temperature
        c.threshold = 0.3
        c.cfgTimeMin = 0
        c.cfgTimeMax = 1
        return c
    }

    /// Stand-in logits that depend only on the position: logits[i] for every row and call.
    static func source(vocab: Int, maxSeqLen: Int = 40, maxRows: Int = 4096, _ logits: @escaping (Int) -> [Float]) -> LogitsSource
    {
        LogitsSource(vocabSize: vocab, maxSeqLen: maxSeqLen, maxRows: maxRows) { batch, out in
            for b in 0..<batch.batch {
                for i in 0..<batch.seqLen {
                    let row = logits(i)
                    for v in 0..<vocab { out.data[(b * batch.seqLen + i) * vocab + v] = row[v] }
                }
            }
        }
    }

    /// The logit that gives token 0 probability p when the other `vocab − 1` logits are 0.
    static func logit(probability p: Double, vocab: Int) -> Float {
        Float(_log(Double(vocab - 1) * p / (1 - p)))
    }

    /// Checks what every trajectory must satisfy: prompt and fixed tokens never change, committed
    /// tokens never change, exactly the committed positions change, and nothing stays masked.
    /// Returns a description of the first violation, or nil.
    static func violation(_ t: Trajectory, vocab: Int) -> String? {
        let mask = Int32(vocab)
        let p = t.header.problem.promptLength
        var previous = t.header.initialTokens
        for step in t.steps {
            for (r, row) in step.rows.enumerated() {
                let before = previous[r]
                if Array(row.tokens[0..<p]) != t.header.problem.prompts[r] {
                    return "step \(step.index) row \(r): prompt changed"
                }
                for f in t.header.problem.fixed where row.tokens[p + f.offset] != f.token {
                    return "step \(step.index) row \(r): fixed token at offset \(f.offset) changed"
                }
                let changed = Set(row.tokens.indices.filter { row.tokens[$0] != before[$0] })
                if changed != Set(row.commits.map(\.position)) {
                    return "step \(step.index) row \(r): changes \(changed) ≠ commits"
                }
                for c in row.commits {
                    if before[c.position] != mask {
                        return "step \(step.index) row \(r): committed position \(c.position) overwritten"
                    }
                    if row.tokens[c.position] != c.token || c.token < 0 || c.token >= mask {
                        return "step \(step.index) row \(r): commit at \(c.position) is \(c.token)"
                    }
                }
            }
            previous = step.rows.map(\.tokens)
        }
        if previous.contains(where: { $0.contains(mask) }) { return "masks remain at the end" }
        return nil
    }
}
