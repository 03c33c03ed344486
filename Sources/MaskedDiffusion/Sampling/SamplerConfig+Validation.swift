extension SamplerConfig {
    /// Reasons this configuration cannot sample from a model with `vocabSize` real tokens, empty
    /// when it can. Messages name the knob (as in files and on the command line) and the value.
    public func problems(vocabSize: Int) -> [String] {
        var p: [String] = []
        if generationLength < 1 { p.append("generation_length must be ≥ 1 (got \(generationLength))") }
        if steps < 1 { p.append("steps must be ≥ 1 (got \(steps))") }
        if let b = blockLength, b < 1 { p.append("block_length must be ≥ 1 (got \(b))") }
        if reads(.steps) && reads(.blockLength) && generationLength >= 1 && steps >= 1 {
            if steps < blockCount {
                p.append("steps (\(steps)) must be ≥ the number of blocks (\(blockCount) = ⌈generation_length \(generationLength) / block_length \(effectiveBlockLength)⌉)")
            }
            if steps > generationLength {
                p.append("steps (\(steps)) must be ≤ generation_length (\(generationLength)): every step commits at least one token")
            }
        }
        if !(temperature >= 0 && temperature.isFinite) { p.append("temperature must be finite and ≥ 0 (got \(temperature))") }
        if !cfgScale.isFinite { p.append("cfg_scale must be finite (got \(cfgScale))") }
        if !(cfgTimeMin >= 0 && cfgTimeMin < cfgTimeMax && cfgTimeMax <= 1) {
            p.append("cfg interval needs 0 ≤ cfg_t_min < cfg_t_max ≤ 1 (got (\(cfgTimeMin), \(cfgTimeMax)])")
        }
        if let k = topK, k < 1 { p.append("top_k must be ≥ 1 (got \(k))") }
        if let q = topP, !(q > 0 && q <= 1) { p.append("top_p must be in (0, 1] (got \(q))") }
        if topK != nil && topP != nil { p.append("set at most one of top_k and top_p") }
        if !(threshold > 0 && threshold <= 1) { p.append("threshold must be in (0, 1] (got \(threshold))") }
        for id in eosTokenIds where id < 0 || id >= vocabSize {
            p.append("eos token id \(id) outside the vocabulary 0..<\(vocabSize)")
        }
        if (forbidEOS || eosConfidenceLast) && eosTokenIds.isEmpty {
            p.append("forbid_eos / eos_confidence_last need eos_token_ids")
        }
        if forbidEOS && eosTokenIds.count >= vocabSize { p.append("forbid_eos would forbid every token") }
        if candidates < 0 || candidates > vocabSize { p.append("candidates must be in 0...\(vocabSize) (got \(candidates))") }
        return p
    }
}
