/// What each sampler does with the configuration, written once: which fields a strategy reads,
/// the block layout, the time grid and when guidance applies. Samplers, the plan, validation and
/// the schedule editor all ask here, so they cannot drift apart.
extension SamplerConfig {
    /// A field of the configuration, named as in files and on the command line.
    public enum Field: String, CaseIterable, CodingKey, Sendable {
        case strategy, generationLength = "generation_length", steps, blockLength = "block_length"
        case temperature, remasking, cfgScale = "cfg_scale", cfgTimeMin = "cfg_t_min", cfgTimeMax = "cfg_t_max"
        case guidanceSchedule = "cfg_schedule", maskSchedule = "mask_schedule", revealRule = "reveal_rule"
        case topK = "top_k", topP = "top_p", order, threshold, entropyBound = "entropy_bound", eosTokenIds = "eos_token_ids"
        case forbidEOS = "forbid_eos", eosConfidenceLast = "eos_confidence_last", cache, cacheRefresh = "cache_refresh"
        case candidates
    }

    /// Whether the sampler of this configuration's strategy reads `field`; it ignores the others.
    public func reads(_ field: Field) -> Bool {
        switch field {
        case .strategy, .generationLength, .temperature, .eosTokenIds, .forbidEOS, .candidates: true
        // Threshold decoding takes as many steps as its confidences need; radd-ordered one per mask.
        case .steps: strategy == .llada || strategy == .radd || strategy == .emigm
        case .blockLength, .eosConfidenceLast, .cache: usesBlocks
        case .cacheRefresh: usesBlocks && cache != .none
        // Threshold decoding always ranks by confidence.
        case .remasking: strategy == .llada
        case .cfgScale: usesBlocks || strategy == .emigm
        case .cfgTimeMin, .cfgTimeMax, .guidanceSchedule, .maskSchedule: strategy == .emigm
        case .revealRule: strategy == .radd
        // Value truncation is RADD's; LLaDA and eMIGM sample from the full conditional.
        case .topK, .topP: strategy == .radd || strategy == .raddOrdered
        case .order: strategy == .raddOrdered
        case .threshold: strategy == .threshold
        case .entropyBound: strategy == .eb
        }
    }

    /// The order in which block samplers commit proposals: LLaDA's remasking knob; threshold
    /// decoding by confidence; EB-Sampler by entropy, lowest first.
    public var commitOrder: Remasking {
        switch strategy {
        case .eb: .entropy
        case .threshold: .lowConfidence
        default: remasking
        }
    }

    /// Semi-autoregressive blocks over the generated region (LLaDA, threshold and EB decoding).
    public var usesBlocks: Bool { strategy == .llada || strategy == .threshold || strategy == .eb }

    /// Whether any step can use guidance (then a guided evaluation costs two network rows).
    public var usesGuidance: Bool { cfgScale != 0 && reads(.cfgScale) }

    // MARK: blocks (llada, threshold)

    /// The effective block length (the whole generation when unset or longer).
    public var effectiveBlockLength: Int { Swift.max(1, Swift.min(blockLength ?? generationLength, generationLength)) }

    /// ⌈generation_length / block_length⌉; the last block may be partial.
    public var blockCount: Int { (generationLength + effectiveBlockLength - 1) / effectiveBlockLength }

    /// Offsets of block `b` inside the generated region.
    public func blockOffsets(_ b: Int) -> Range<Int> {
        let lo = b * effectiveBlockLength
        return lo..<Swift.min(lo + effectiveBlockLength, generationLength)
    }

    /// LLaDA's steps of each block: equal shares of `steps`, the first blocks one more when they
    /// do not divide. A block takes min(its steps, its size) steps that commit something; the
    /// sampler skips the others (they would call the network to commit nothing).
    public var stepsPerBlock: [Int] { TransferQuota.split(steps, steps: blockCount) }

    // MARK: time grid (radd, emigm)

    /// The grid both RADD and eMIGM step along: t_k = 1 − k(1 − 10⁻⁵)/steps, from t_0 = 1 to
    /// t_steps = 10⁻⁵ (the schedules' γ is not defined at 0).
    public func gridTime(_ k: Int) -> Double { 1 - Double(k) * gridStep }

    /// The grid's step dt = (1 − 10⁻⁵)/steps.
    public var gridStep: Double { (1 - 1e-5) / Double(steps) }

    /// eMIGM guides the step from t_k to s = t_{k+1} only when cfg_t_min < s ≤ cfg_t_max.
    public func guidesStep(_ k: Int) -> Bool {
        guard usesGuidance else { return false }
        guard strategy == .emigm else { return true }
        let s = gridTime(k + 1)
        return cfgTimeMin < s && s <= cfgTimeMax
    }
}

extension SamplerConfig {
    /// The guidance scales a sampler takes. LLaDA and eMIGM use single digits; far beyond, the
    /// guided logits (1 + w)·l_c − w·l_u overflow Float (w = 1e38 once gave NaN confidences).
    public static let cfgScaleRange: ClosedRange<Double> = 0...100

    /// Reasons this configuration cannot sample from a model with `vocabSize` real tokens, empty
    /// when it can. Messages name the knob (as in files and on the command line) and the value.
    public func problems(vocabSize: Int) -> [String] {
        var p = SettingProblems()
        p.atLeast(1, "generation_length", generationLength)
        p.atLeast(1, "steps", steps)
        if let b = blockLength { p.atLeast(1, "block_length", b) }
        if reads(.steps) && reads(.blockLength) && generationLength >= 1 && steps >= 1 {
            if steps < blockCount {
                p.add(
                    "steps (\(steps)) must be ≥ the number of blocks (\(blockCount) = ⌈generation_length \(generationLength) / block_length \(effectiveBlockLength)⌉)"
                )
            }
            if steps > generationLength {
                p.add(
                    "steps (\(steps)) must be ≤ generation_length (\(generationLength)): every step commits at least one token")
            }
        }
        p.finiteNonNegative("temperature", temperature)
        if !Self.cfgScaleRange.contains(cfgScale) {
            let r = Self.cfgScaleRange
            p.add("cfg_scale must be in \(Int(r.lowerBound))…\(Int(r.upperBound)) (got \(cfgScale))")
        }
        if !(cfgTimeMin >= 0 && cfgTimeMin < cfgTimeMax && cfgTimeMax <= 1) {
            p.add("cfg interval needs 0 ≤ cfg_t_min < cfg_t_max ≤ 1 (got (\(cfgTimeMin), \(cfgTimeMax)])")
        }
        if let k = topK { p.atLeast(1, "top_k", k) }
        if let q = topP, !(q > 0 && q <= 1) { p.add("top_p must be in (0, 1] (got \(q))") }
        if topK != nil && topP != nil { p.add("set at most one of top_k and top_p") }
        if !(threshold > 0 && threshold <= 1) { p.add("threshold must be in (0, 1] (got \(threshold))") }
        p.finiteNonNegative("entropy_bound", entropyBound)
        for id in eosTokenIds where id < 0 || id >= vocabSize {
            p.add("eos token id \(id) outside the vocabulary 0..<\(vocabSize)")
        }
        if (forbidEOS || eosConfidenceLast) && eosTokenIds.isEmpty {
            p.add("forbid_eos / eos_confidence_last need eos_token_ids")
        }
        if forbidEOS && eosTokenIds.count >= vocabSize { p.add("forbid_eos would forbid every token") }
        p.atLeast(0, "cache_refresh", cacheRefresh)
        if candidates < 0 || candidates > vocabSize { p.add("candidates must be in 0...\(vocabSize) (got \(candidates))") }
        return p.reasons
    }
}

/// LLaDA's `get_num_transfer_tokens`: how many of a block's `masked` tokens each of its `steps`
/// reveals: ⌊m/s⌋ each, the first (m mod s) steps one more (docs/methods.md §1.4).
enum TransferQuota {
    static func split(_ masked: Int, steps: Int) -> [Int] {
        (0..<steps).map { masked / steps + ($0 < masked % steps ? 1 : 0) }
    }

    /// The quota of the next step when `masked` tokens remain for `remainingSteps` steps. Equal to
    /// the block-entry split at every step (that split is front-loaded), so a sampler needs no
    /// per-block plan and resumes anywhere: ⌈m/s⌉.
    static func next(masked: Int, remainingSteps: Int) -> Int {
        (masked + remainingSteps - 1) / remainingSteps
    }
}
