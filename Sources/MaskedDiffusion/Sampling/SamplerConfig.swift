/// Every sampling knob in one value: what the UI edits, what a trajectory file records.
///
/// Defaults are LLaDA `generate`'s (docs/methods.md §1.4: 128 tokens, 128 steps, one block,
/// temperature 0, low-confidence remasking, no guidance); `defaults(for:)` gives each paper's.
/// Knobs a strategy does not use are ignored by it: `reads(_:)` says which. Guidance uses the LLaDA
/// convention everywhere: logits = u + (w + 1)(c − u), so w = 0 is off (eMIGM's cfg c is w + 1).
public struct SamplerConfig: Codable, Equatable, Sendable {
    public var strategy: SamplingStrategy = .llada
    /// Generated tokens per row, after the prompt (image: the patch grid after the class token).
    public var generationLength: Int = 128
    /// Scheduled steps (llada, radd, emigm). `radd-ordered` takes one step per masked position and
    /// `threshold` as many as its confidences need.
    public var steps: Int = 128
    /// Semi-autoregressive block length (llada, threshold); nil = one block. A trailing partial
    /// block is allowed when it does not divide the generation length.
    public var blockLength: Int? = nil
    /// Sampling temperature for token values, applied by Gumbel-max with noise in Double; 0 = argmax.
    public var temperature: Double = 0
    /// Commit order (llada).
    public var remasking: Remasking = .lowConfidence
    /// Guidance scale w (llada, threshold, emigm); the unconditional pass masks the prompt/class.
    public var cfgScale: Double = 0
    /// eMIGM guidance interval: guidance is on for a step to time s when cfgTimeMin < s ≤ cfgTimeMax.
    public var cfgTimeMin: Double = 0
    public var cfgTimeMax: Double = 1
    /// eMIGM guidance ramp over the revealed fraction.
    public var guidanceSchedule: GuidanceSchedule = .constant
    /// eMIGM mask schedule γ(t): a step from t to s reveals 1 − γ(s)/γ(t) of the masks.
    public var maskSchedule: MaskSchedule = .exp(rate: 5)
    /// RADD reveal probability rule.
    public var revealRule: RevealRule = .tweedie
    /// RADD value truncation (radd, radd-ordered): sample among the k most likely tokens …
    public var topK: Int? = nil
    /// … or among the smallest set whose probability reaches p (nucleus). The mask is never a candidate.
    public var topP: Double? = nil
    /// radd-ordered position order.
    public var order: GenerationOrder = .leftToRight
    /// Confidence a proposal needs to be committed (threshold).
    public var threshold: Double = 0.9
    /// EB-Sampler's bound γ on Σ H − max H (nats) over the positions committed in one step (eb).
    public var entropyBound: Double = 0.1
    /// End-of-sequence / end-of-turn token ids, for the two EOS knobs below.
    public var eosTokenIds: [Int] = []
    /// Never propose EOS (LLaDA `logits_eos_inf`).
    public var forbidEOS: Bool = false
    /// EOS proposals get confidence −∞, so they are committed last (LLaDA `confidence_eos_eot_inf`,
    /// done as meant: docs/methods.md §1.4 notes the original only zeroes the EoT column).
    public var eosConfidenceLast: Bool = false
    /// Approximate key/value caching of block decoding (llada, threshold, eb).
    public var cache: KVCacheMode = .none
    /// With a cache: a full pass every this many steps inside a block besides its first; 0 = only
    /// the first.
    public var cacheRefresh: Int = 0
    /// Top candidates recorded per committed position (probabilities under the un-tempered softmax).
    public var candidates: Int = 5

    public init() {}

    /// Each paper's defaults for `strategy`: LLaDA greedy; RADD and eMIGM exact sampling (T = 1),
    /// eMIGM with its exp schedule, 16 steps and guidance interval (0.1, 0.3]; threshold 0.9.
    public static func defaults(for strategy: SamplingStrategy) -> SamplerConfig {
        var c = SamplerConfig()
        c.strategy = strategy
        switch strategy {
        case .llada, .threshold, .eb: break
        case .radd, .raddOrdered: c.temperature = 1
        case .emigm:
            c.temperature = 1
            c.steps = 16
            c.cfgTimeMin = 0.1
            c.cfgTimeMax = 0.3
        }
        return c
    }

    typealias CodingKeys = Field

    /// Missing keys take their defaults, so hand-written and older files stay readable.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SamplerConfig()
        strategy = try c.decodeIfPresent(SamplingStrategy.self, forKey: .strategy) ?? d.strategy
        generationLength = try c.decodeIfPresent(Int.self, forKey: .generationLength) ?? d.generationLength
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? d.steps
        blockLength = try c.decodeIfPresent(Int.self, forKey: .blockLength)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? d.temperature
        remasking = try c.decodeIfPresent(Remasking.self, forKey: .remasking) ?? d.remasking
        cfgScale = try c.decodeIfPresent(Double.self, forKey: .cfgScale) ?? d.cfgScale
        cfgTimeMin = try c.decodeIfPresent(Double.self, forKey: .cfgTimeMin) ?? d.cfgTimeMin
        cfgTimeMax = try c.decodeIfPresent(Double.self, forKey: .cfgTimeMax) ?? d.cfgTimeMax
        guidanceSchedule = try c.decodeIfPresent(GuidanceSchedule.self, forKey: .guidanceSchedule) ?? d.guidanceSchedule
        maskSchedule = try c.decodeIfPresent(MaskSchedule.self, forKey: .maskSchedule) ?? d.maskSchedule
        revealRule = try c.decodeIfPresent(RevealRule.self, forKey: .revealRule) ?? d.revealRule
        topK = try c.decodeIfPresent(Int.self, forKey: .topK)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        order = try c.decodeIfPresent(GenerationOrder.self, forKey: .order) ?? d.order
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? d.threshold
        entropyBound = try c.decodeIfPresent(Double.self, forKey: .entropyBound) ?? d.entropyBound
        eosTokenIds = try c.decodeIfPresent([Int].self, forKey: .eosTokenIds) ?? d.eosTokenIds
        forbidEOS = try c.decodeIfPresent(Bool.self, forKey: .forbidEOS) ?? d.forbidEOS
        eosConfidenceLast = try c.decodeIfPresent(Bool.self, forKey: .eosConfidenceLast) ?? d.eosConfidenceLast
        cache = try c.decodeIfPresent(KVCacheMode.self, forKey: .cache) ?? d.cache
        cacheRefresh = try c.decodeIfPresent(Int.self, forKey: .cacheRefresh) ?? d.cacheRefresh
        candidates = try c.decodeIfPresent(Int.self, forKey: .candidates) ?? d.candidates
    }
}
