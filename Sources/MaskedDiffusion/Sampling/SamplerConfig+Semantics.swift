/// What each sampler does with the configuration, written once: which fields a strategy reads,
/// the block layout, the time grid and when guidance applies. Samplers, the plan, validation and
/// the schedule editor all ask here, so they cannot drift apart.
extension SamplerConfig {
    /// A field of the configuration, named as in files and on the command line.
    public enum Field: String, CaseIterable, CodingKey, Sendable {
        case strategy, generationLength = "generation_length", steps, blockLength = "block_length"
        case temperature, remasking, cfgScale = "cfg_scale", cfgTimeMin = "cfg_t_min", cfgTimeMax = "cfg_t_max"
        case guidanceSchedule = "cfg_schedule", maskSchedule = "mask_schedule", revealRule = "reveal_rule"
        case topK = "top_k", topP = "top_p", order, threshold, eosTokenIds = "eos_token_ids"
        case forbidEOS = "forbid_eos", eosConfidenceLast = "eos_confidence_last", candidates
    }

    /// Whether the sampler of this configuration's strategy reads `field`; it ignores the others.
    public func reads(_ field: Field) -> Bool {
        switch field {
        case .strategy, .generationLength, .temperature, .eosTokenIds, .forbidEOS, .candidates: true
        // Threshold decoding takes as many steps as its confidences need; radd-ordered one per mask.
        case .steps: strategy == .llada || strategy == .radd || strategy == .emigm
        case .blockLength, .eosConfidenceLast: usesBlocks
        // Threshold decoding always ranks by confidence.
        case .remasking: strategy == .llada
        case .cfgScale: strategy == .llada || strategy == .threshold || strategy == .emigm
        case .cfgTimeMin, .cfgTimeMax, .guidanceSchedule, .maskSchedule: strategy == .emigm
        case .revealRule: strategy == .radd
        // Value truncation is RADD's; LLaDA and eMIGM sample from the full conditional.
        case .topK, .topP: strategy == .radd || strategy == .raddOrdered
        case .order: strategy == .raddOrdered
        case .threshold: strategy == .threshold
        }
    }

    /// Semi-autoregressive blocks over the generated region (LLaDA and threshold decoding).
    public var usesBlocks: Bool { strategy == .llada || strategy == .threshold }

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
