/// A token the sampler must produce at a given offset of the generated region (infilling).
public struct FixedToken: Codable, Equatable, Hashable, Sendable {
    /// Offset inside the generated region (0 = first generated position).
    public var offset: Int
    public var token: Int32

    public init(offset: Int, token: Int32) {
        self.offset = offset
        self.token = token
    }
}

/// What to sample: one conditioning prefix per row and tokens fixed inside the generated region.
///
/// The prefix is a prompt (text) or a class token at position 0 (images); it never changes, and
/// the unconditional pass of guidance replaces it by the mask id (which doubles as the null
/// class, so an unconditional image sample's prefix is the mask id). Fixed tokens never change
/// either but stay visible to the unconditional pass.
/// Every row's sequence is `prompt ++ generated`, with all prompts of one length.
public struct SamplingProblem: Codable, Equatable, Sendable {
    /// [rows][promptLength].
    public var prompts: [[Int32]]
    public var fixed: [FixedToken]
    /// The tokens a generated position may take; nil: every real token. An image model's
    /// patch positions take patch codes only — its class tokens share the vocabulary, and a
    /// sampler must never put one in a patch slot.
    public var generatedVocabulary: Range<Int32>?

    public init(prompts: [[Int32]], fixed: [FixedToken] = [], generatedVocabulary: Range<Int32>? = nil) {
        self.prompts = prompts
        self.fixed = fixed
        self.generatedVocabulary = generatedVocabulary
    }

    /// `rows` copies of one prompt (empty: unconditional).
    public init(rows: Int, prompt: [Int32] = [], fixed: [FixedToken] = [], generatedVocabulary: Range<Int32>? = nil) {
        self.init(prompts: Array(repeating: prompt, count: rows), fixed: fixed, generatedVocabulary: generatedVocabulary)
    }

    enum CodingKeys: String, CodingKey {
        case prompts, fixed, generatedVocabulary = "generated_vocabulary"
    }

    public var rows: Int { prompts.count }
    public var promptLength: Int { prompts.first?.count ?? 0 }

    /// Reasons this problem cannot be sampled with `config` on a model of `vocabSize` real tokens,
    /// mask id `maskId` (the engine's is `vocabSize`; a backend's may lie inside its vocabulary)
    /// and at most `maxSeqLen` positions; empty when it can.
    public func problems(config: SamplerConfig, vocabSize: Int, maskId: Int32, maxSeqLen: Int) -> [String] {
        var p: [String] = []
        if prompts.isEmpty { p.append("at least one row is needed") }
        if prompts.contains(where: { $0.count != promptLength }) { p.append("all prompts must have the same length") }
        // The mask id may stand in a prompt: it is an image model's null class.
        for (r, prompt) in prompts.enumerated() where prompt.contains(where: { ($0 < 0 || Int($0) >= vocabSize) && $0 != maskId })
        {
            p.append("prompt of row \(r) has a token outside 0..<\(vocabSize) that is not the mask (\(maskId), the null class)")
        }
        if promptLength + config.generationLength > maxSeqLen {
            p.append(
                "prompt (\(promptLength)) + generation_length (\(config.generationLength)) exceeds the model's \(maxSeqLen) positions"
            )
        }
        if let allowed = generatedVocabulary, allowed.isEmpty || allowed.lowerBound < 0 || Int(allowed.upperBound) > vocabSize {
            p.append("generated_vocabulary \(allowed) must be a non-empty part of 0..<\(vocabSize)")
        }
        var seen = Set<Int>()
        for f in fixed {
            if f.offset < 0 || f.offset >= config.generationLength {
                p.append("fixed token offset \(f.offset) outside the generated region 0..<\(config.generationLength)")
            }
            if f.token < 0 || Int(f.token) >= vocabSize { p.append("fixed token \(f.token) outside 0..<\(vocabSize)") }
            if let allowed = generatedVocabulary, !allowed.contains(f.token) {
                p.append("fixed token \(f.token) outside the generated vocabulary \(allowed)")
            }
            if !seen.insert(f.offset).inserted { p.append("offset \(f.offset) fixed twice") }
        }
        return p
    }

    /// Every row before sampling: prompt, then masks with the fixed tokens in place. [rows][seqLen].
    public func initialTokens(generationLength: Int, maskId: Int32) -> [[Int32]] {
        prompts.map { prompt in
            var row = prompt + [Int32](repeating: maskId, count: generationLength)
            for f in fixed { row[prompt.count + f.offset] = f.token }
            return row
        }
    }
}
