extension LoadedModel {
    /// The sampler a researcher starts from on this model, used by the workbench and the CLI
    /// alike: LLaDA low-confidence with one token a step over the task's completion (task
    /// models) or 48 tokens at T 0.8 (text); eMIGM with its defaults and guidance 2 over the
    /// patch grid (images: LLaDA's greedy decoding gives blank images there).
    public var defaultSampler: SamplerConfig {
        switch tokenizer {
        case .image(let t):
            var c = SamplerConfig.defaults(for: .emigm)
            c.generationLength = t.patchCount
            c.cfgScale = 2
            return c
        case .text:
            var c = SamplerConfig.defaults(for: .llada)
            if let task {
                c.generationLength = task.completionLength
            } else {
                c.generationLength = Swift.min(48, params.config.maxSeqLen)
                c.temperature = 0.8
            }
            c.steps = c.generationLength
            return c
        }
    }
}
