import ArgumentParser
import MaskedDiffusion

/// Every `SamplerConfig` knob as a flag, shared by `sample` and `eval`. Without `--strategy`
/// the model's own default sampler is the base (`LoadedModel.defaultSampler`: eMIGM for image
/// models, as in the workbench); with it, that strategy's paper defaults. Unset flags keep the base.
/// Numbers parse unconditionally, so `--steps -3` reaches validation ("steps must be ≥ 1")
/// instead of reading as a missing value.
struct SamplerOptions: ParsableArguments {
    @Option(help: "llada | radd | radd-ordered | emigm | threshold | eb (default: the model's, eMIGM for images).")
    var strategy: String?
    @Option(parsing: .unconditional, help: "Denoising steps (default: one token per step; eMIGM 16).")
    var steps: Int?
    @Option(
        parsing: .unconditional, help: "Generated tokens (default: the task's completion length, the image's patches, or 64).")
    var length: Int?
    @Option(parsing: .unconditional, help: "Semi-autoregressive block length (default: one block, or what a backend suggests).")
    var block: Int?
    @Option(parsing: .unconditional, help: "Temperature (0: greedy argmax; Gumbel noise in Double).")
    var temperature: Double?
    @Option(help: "low-confidence | random | margin | entropy.")
    var remasking: String?
    @Option(parsing: .unconditional, help: "Classifier-free guidance w: logits = u + (w+1)(c − u); 0 = off.")
    var cfg: Double?
    @Option(name: .customLong("cfg-min"), parsing: .unconditional, help: "eMIGM: guidance on when cfg-min < s ≤ cfg-max.")
    var cfgMin: Double?
    @Option(name: .customLong("cfg-max"), parsing: .unconditional)
    var cfgMax: Double?
    @Option(name: .customLong("cfg-schedule"), help: "eMIGM guidance ramp: constant | linear | power | cubic | exp | cosine.")
    var cfgSchedule: String?
    @Option(name: .customLong("mask-schedule"), help: "eMIGM γ(t): linear | cosine | exp[:rate] | poly[:p] | log[:rate].")
    var maskSchedule: String?
    @Option(help: "RADD reveal rule: tweedie | euler.")
    var reveal: String?
    @Option(name: .customLong("top-k"), parsing: .unconditional, help: "RADD: sample among the k most likely tokens.")
    var topK: Int?
    @Option(name: .customLong("top-p"), parsing: .unconditional, help: "RADD: nucleus sampling.")
    var topP: Double?
    @Option(help: "radd-ordered: left-to-right | random.")
    var order: String?
    @Option(parsing: .unconditional, help: "threshold: commit every position whose confidence exceeds this.")
    var threshold: Double?
    @Option(parsing: .unconditional, help: "eb: commit the lowest-entropy positions while Σ H − max H ≤ this γ (nats).")
    var gamma: Double?
    @Option(help: "llada/threshold/eb key-value cache: none | prefix | dual (Fast-dLLM; approximate).")
    var cache: String?
    @Option(
        name: .customLong("cache-refresh"), parsing: .unconditional,
        help: "With --cache: also refill every N steps inside a block (0: only at its first step).")
    var cacheRefresh: Int?
    @Option(parsing: .unconditional, help: "Top candidates recorded per committed position.")
    var candidates: Int?

    /// The configuration these flags describe on top of `base` (the model's default sampler),
    /// for a model whose vocabulary has `vocabSize` tokens.
    func config(base: SamplerConfig, defaultLength: Int, vocabSize: Int) throws -> SamplerConfig {
        let s = try strategy.map { try parse(SamplingStrategy.self, $0, "--strategy") } ?? base.strategy
        var c = s == base.strategy ? base : SamplerConfig.defaults(for: s)
        // What a flag leaves unset is `base`'s (a backend's hello suggests a block length, steps,
        // top-k or top-p, as the workbench takes them; `sample --backend` once dropped them).
        c.generationLength = length ?? defaultLength
        let keepsBaseSteps = s == base.strategy && c.generationLength == base.generationLength
        c.steps = steps ?? (keepsBaseSteps || s == .emigm ? c.steps : c.generationLength)
        if let block { c.blockLength = block }
        if let temperature { c.temperature = temperature }
        if let remasking { c.remasking = try parse(Remasking.self, remasking, "--remasking") }
        if let cfg { c.cfgScale = cfg }
        if let cfgMin { c.cfgTimeMin = cfgMin }
        if let cfgMax { c.cfgTimeMax = cfgMax }
        if let cfgSchedule { c.guidanceSchedule = try parse(GuidanceSchedule.self, cfgSchedule, "--cfg-schedule") }
        if let maskSchedule {
            guard let m = MaskSchedule(name: maskSchedule) else {
                throw ValidationError("unknown --mask-schedule '\(maskSchedule)'")
            }
            c.maskSchedule = m
        }
        if let reveal { c.revealRule = try parse(RevealRule.self, reveal, "--reveal") }
        if topK != nil || topP != nil { (c.topK, c.topP) = (topK, topP) }
        if let order { c.order = try parse(GenerationOrder.self, order, "--order") }
        if let threshold { c.threshold = threshold }
        if let gamma { c.entropyBound = gamma }
        if let cache { c.cache = try parse(KVCacheMode.self, cache, "--cache") }
        if let cacheRefresh { c.cacheRefresh = cacheRefresh }
        if let candidates { c.candidates = candidates }
        if let problem = c.problems(vocabSize: vocabSize).first { throw ValidationError(problem) }
        // A flag the strategy's sampler ignores is a mistake to name, not to drop: `--strategy eb
        // --steps 16` once ran 48 steps without a word.
        let given: [(String, Any?, SamplerConfig.Field)] = [
            ("--steps", steps, .steps), ("--block", block, .blockLength), ("--remasking", remasking, .remasking),
            ("--cfg", cfg, .cfgScale), ("--cfg-min", cfgMin, .cfgTimeMin), ("--cfg-max", cfgMax, .cfgTimeMax),
            ("--cfg-schedule", cfgSchedule, .guidanceSchedule), ("--mask-schedule", maskSchedule, .maskSchedule),
            ("--reveal", reveal, .revealRule), ("--top-k", topK, .topK), ("--top-p", topP, .topP),
            ("--order", order, .order), ("--threshold", threshold, .threshold), ("--gamma", gamma, .entropyBound),
            ("--cache", cache, .cache), ("--cache-refresh", cacheRefresh, .cacheRefresh)
        ]
        if let (flag, _, _) = given.first(where: { $0.1 != nil && !c.reads($0.2) }) {
            throw ValidationError("\(flag) is not used by --strategy \(c.strategy.rawValue)")
        }
        return c
    }

    private func parse<T: RawRepresentable & CaseIterable>(_: T.Type, _ value: String, _ flag: String) throws -> T
    where T.RawValue == String {
        guard let v = T(rawValue: value) else {
            throw ValidationError("unknown \(flag) '\(value)' (\(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return v
    }
}
