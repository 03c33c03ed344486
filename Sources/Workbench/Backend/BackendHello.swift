import MaskedDiffusion

/// The first line a backend writes (docs/backend-protocol.md §2): which model it holds and
/// what it can do. The workbench shows the model from this alone — no weights or tokenizer here.
public struct BackendHello: Decodable, Sendable, Equatable {
    /// Must equal `BackendCodec.protocolVersion`.
    var protocolVersion: Int
    /// The model's name as the title bar shows it (a Hugging Face id or a folder).
    public var model: String
    /// "llada", "dream", "fake": which sampler semantics the backend follows.
    var family: String
    /// Real tokens; ids 0..<vocabSize.
    public var vocabSize: Int
    public var maskTokenId: Int32
    /// Longest sequence (prompt + generation) the model takes.
    var maxLength: Int
    /// Where the model runs, e.g. "cuda:0" or "cpu" (the title bar adds the command's host).
    public var device: String
    var parameters: Int
    var capabilities: BackendCapabilities
    /// Display text of every id, [vocabSize], from a backend that predates `tokens` requests
    /// (docs/backend-protocol.md §2); nil: the text is asked for on demand, or ids show as numbers.
    var tokenText: [String]?
    /// The prompt the workbench samples: [promptLength] ids and the text they came from.
    public var prompt: [Int32]
    var promptText: String
    /// The sampler settings the backend suggests first (missing keys take `SamplerConfig`'s defaults).
    var sampler: SamplerConfig?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", model, family, vocabSize = "vocab_size", maskTokenId = "mask_token_id"
        case maxLength = "max_length", device, parameters, capabilities, tokenText = "token_text"
        case prompt, promptText = "prompt_text", sampler
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        protocolVersion = try c.decode(Int.self, forKey: .protocolVersion)
        model = try c.decode(String.self, forKey: .model)
        family = try c.decode(String.self, forKey: .family)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        maskTokenId = try c.decode(Int32.self, forKey: .maskTokenId)
        maxLength = try c.decode(Int.self, forKey: .maxLength)
        device = try c.decodeIfPresent(String.self, forKey: .device) ?? "?"
        parameters = try c.decodeIfPresent(Int.self, forKey: .parameters) ?? 0
        capabilities = try c.decode(BackendCapabilities.self, forKey: .capabilities)
        tokenText = try c.decodeIfPresent([String].self, forKey: .tokenText)
        prompt = try c.decodeIfPresent([Int32].self, forKey: .prompt) ?? []
        promptText = try c.decodeIfPresent(String.self, forKey: .promptText) ?? ""
        sampler = try c.decodeIfPresent(SamplerConfig.self, forKey: .sampler)
    }

    /// Why the hello cannot be used, or nil: the checks a model's config gets, on the wire's values.
    var problem: String? {
        if vocabSize < 1 { return "vocab_size must be ≥ 1 (got \(vocabSize))" }
        if maxLength < 1 { return "max_length must be ≥ 1 (got \(maxLength))" }
        if let t = tokenText, t.count != vocabSize {
            return "token_text has \(t.count) entries for a vocab_size of \(vocabSize)"
        }
        if let bad = prompt.first(where: { $0 < 0 || Int($0) >= vocabSize }) {
            return "prompt token \(bad) outside 0..<\(vocabSize)"
        }
        if prompt.count >= maxLength { return "prompt of \(prompt.count) tokens leaves no room in max_length \(maxLength)" }
        return nil
    }
}

/// What a backend implements; the workbench refuses other settings before asking.
struct BackendCapabilities: Decodable, Sendable, Equatable {
    /// Sampling strategies by their schema names ("llada").
    var strategies: [String]
    /// Commit orders for llada ("low-confidence", "random").
    var remasking: [String]
    /// ELBO estimators by name ("espo", "llada", …); empty: no ELBO.
    var elbo: [String]
    /// Whether classifier-free guidance (cfg_scale ≠ 0) is implemented.
    var guidance: Bool
    /// Whether the backend answers `tokens` requests (the display text of ids, on demand).
    var tokens: Bool

    enum CodingKeys: String, CodingKey { case strategies, remasking, elbo, guidance, tokens }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        strategies = try c.decode([String].self, forKey: .strategies)
        remasking = try c.decode([String].self, forKey: .remasking)
        elbo = try c.decode([String].self, forKey: .elbo)
        guidance = try c.decode(Bool.self, forKey: .guidance)
        tokens = try c.decodeIfPresent(Bool.self, forKey: .tokens) ?? false
    }

    /// Reasons `config` cannot run on this backend (empty when it can).
    func problems(_ config: SamplerConfig) -> [String] {
        var p: [String] = []
        if !strategies.contains(config.strategy.rawValue) {
            p.append("the backend samples \(strategies.joined(separator: ", ")), not \(config.strategy.rawValue)")
        }
        if config.reads(.remasking), !remasking.contains(config.remasking.rawValue) {
            p.append("the backend remasks by \(remasking.joined(separator: ", ")), not \(config.remasking.rawValue)")
        }
        if config.usesGuidance, !guidance { p.append("the backend has no classifier-free guidance (cfg_scale must be 0)") }
        if config.reads(.cache), config.cache != .none { p.append("the backend has no key/value cache (cache must be none)") }
        return p
    }
}
