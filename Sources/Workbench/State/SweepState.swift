import MaskedDiffusion

/// The held-out sweep the ELBO tab shows (`:sweep [N]`): which configs were asked for, the
/// engine's progress on them, and why it failed. Results are the engine's; the view formats them.
struct SweepState: Sendable {
    /// Items per config when `:sweep` names none (a quarter of countdown's test set: about a
    /// minute per config on one core for the bundled models).
    static let defaultItems = 64

    /// Bumped by every sweep started, so progress of a replaced one is dropped.
    var request = 0
    var configs: [SweepConfig] = []
    /// What the configs decode and the figure they are ranked by.
    var source = SweepSource.task
    var progress: SweepProgress?
    var running = false
    var error: String?

    init() {}

    /// Shown once a sweep was started (or failed) for this model.
    var isShown: Bool { !configs.isEmpty }
}

extension SweepConfig {
    /// The sampler table's rows around `current` (the viewed branch's settings, which give
    /// length, block, temperature and the rest): LLaDA with one token per step (steps = L) and
    /// two (L/2), the confidence threshold at 0.9 and 0.7, the entropy bound at γ 0.1 and 1;
    /// with block decoding (more than one block), `current` with each cache mode it does not use
    /// already; then `current` itself.
    static func defaults(around current: SamplerConfig) -> [SweepConfig] {
        let length = current.generationLength
        func variant(_ label: String, _ change: (inout SamplerConfig) -> Void) -> SweepConfig {
            var c = current
            change(&c)
            return SweepConfig(label: label, config: c)
        }
        return [
            variant("llada steps \(length)") {
                $0.strategy = .llada; $0.steps = length
            },
            variant("llada steps \(max(1, length / 2))") {
                $0.strategy = .llada; $0.steps = max(1, length / 2)
            },
            variant("threshold 0.9") {
                $0.strategy = .threshold; $0.threshold = 0.9
            },
            variant("threshold 0.7") {
                $0.strategy = .threshold; $0.threshold = 0.7
            },
            variant("eb γ 0.1") {
                $0.strategy = .eb; $0.entropyBound = 0.1
            },
            variant("eb γ 1") {
                $0.strategy = .eb; $0.entropyBound = 1
            }
        ] + cacheVariants(of: current) + [SweepConfig(label: "current: " + current.headline, config: current)]
    }

    /// `current` with each key/value cache mode it does not use, when it decodes in blocks.
    private static func cacheVariants(of current: SamplerConfig) -> [SweepConfig] {
        guard current.usesBlocks, current.blockCount > 1 else { return [] }
        return KVCacheMode.allCases.filter { $0 != current.cache }.map { mode in
            var c = current
            c.cache = mode
            return SweepConfig(label: "current, cache \(mode.rawValue)", config: c)
        }
    }
}
