/// The shape of a masked-diffusion transformer (LLaDA/LLaMA style, no time input: docs/methods.md §2.1),
/// with the variations real checkpoints use (docs/architecture.md §1.1): grouped-query attention,
/// q/k/v biases (Qwen2, Dream), per-head q/k RMSNorm (Qwen3), a head width of its own, a head
/// tied to the embedding, and Dream's shifted prediction.
///
/// Token ids `0..<vocabSize` are real tokens; `maskTokenId == vocabSize` is the absorbing mask
/// symbol. The embedding has `vocabSize + 1` rows, the output head only `vocabSize` (the mask is
/// never predicted). Encoded as an HF-style `config.json` (snake_case keys); the optional features
/// are written only when used, so a plain model's file has the keys it always had.
public struct ModelConfig: Codable, Equatable, Sendable {
    public var vocabSize: Int
    public var dModel: Int
    public var nLayers: Int
    public var nHeads: Int
    /// Key/value heads: query head h attends with key/value head h / (nHeads / nKVHeads).
    public var nKVHeads: Int
    /// The head width when it is not dModel / nHeads (Qwen3: 16 heads × 128 with dModel 1024).
    public var explicitHeadDim: Int?
    /// SwiGLU hidden width (gate and up projections each have this many rows).
    public var ffHidden: Int
    /// Longest sequence the RoPE tables and workspaces are sized for.
    public var maxSeqLen: Int
    public var normEps: Float
    public var ropeTheta: Float
    /// The q, k and v projections add a bias (Qwen2, Dream).
    public var qkvBias: Bool
    /// Each q and k head is RMS-normalised (one gain of width headDim for q, one for k) before RoPE (Qwen3).
    public var qkNorm: Bool
    /// The head is the embedding's first V rows: one tensor, whose gradient collects both uses.
    public var tiedEmbeddings: Bool
    /// Position i is predicted from the hidden state at i − 1, position 0 from its own (Dream).
    public var shiftedPrediction: Bool

    public var maskTokenId: Int { vocabSize }
    public var headDim: Int { explicitHeadDim ?? dModel / Swift.max(nHeads, 1) }
    /// Widths of the packed q/k/v projection: H·hd query columns, then nKV·hd key and value columns.
    public var queryWidth: Int { nHeads * headDim }
    public var keyValueWidth: Int { nKVHeads * headDim }
    public var qkvWidth: Int { queryWidth + 2 * keyValueWidth }

    public init(
        vocabSize: Int, dModel: Int, nLayers: Int, nHeads: Int, nKVHeads: Int? = nil, headDim: Int? = nil,
        ffHidden: Int? = nil, maxSeqLen: Int, normEps: Float = 1e-5, ropeTheta: Float = 10_000,
        qkvBias: Bool = false, qkNorm: Bool = false, tiedEmbeddings: Bool = false, shiftedPrediction: Bool = false
    ) {
        self.vocabSize = vocabSize
        self.dModel = dModel
        self.nLayers = nLayers
        self.nHeads = nHeads
        self.nKVHeads = nKVHeads ?? nHeads
        // A head width equal to the default is not a choice of its own: one config, one value.
        let isDefault = headDim.map { nHeads > 0 && dModel % nHeads == 0 && $0 == dModel / nHeads } ?? true
        self.explicitHeadDim = isDefault ? nil : headDim
        self.ffHidden = ffHidden ?? 4 * dModel
        self.maxSeqLen = maxSeqLen
        self.normEps = normEps
        self.ropeTheta = ropeTheta
        self.qkvBias = qkvBias
        self.qkNorm = qkNorm
        self.tiedEmbeddings = tiedEmbeddings
        self.shiftedPrediction = shiftedPrediction
    }

    /// Reasons this configuration cannot build a model on this machine, empty when it can; fields
    /// named as in Unmask's own config.json.
    public var problems: [String] {
        let p = shapeProblems()
        guard p.isEmpty else { return p }
        return ModelMemory.problem(self).map { [$0] } ?? []
    }

    /// Reasons this configuration describes no model the engine computes, whatever the machine
    /// (a config reader accepts LLaDA-8B's shapes; loading its 32 GB of F32 weights is refused later),
    /// each naming its field by `keys`.
    public func shapeProblems(keys k: ConfigKeys = .unmask) -> [String] {
        var p = SettingProblems()
        p.atLeast(k.vocabularyCountsMask ? 2 : 1, k.vocabulary, k.vocabulary(of: self))
        p.atLeast(2, k.width, dModel)
        p.atLeast(0, k.layers, nLayers)
        if nHeads < 1 || explicitHeadDim == nil, let split = Self.headSplitProblem(width: dModel, heads: nHeads, keys: k) {
            p.add(split)
        } else if headDim < 2 || headDim % 2 != 0 {
            p.add("head dimension \(headDim) must be even for RoPE")
        } else if nKVHeads < 1 || nHeads % nKVHeads != 0 {
            p.add("\(k.keyValueHeads) (\(nKVHeads)) must divide \(k.heads) (\(nHeads))")
        }
        p.atLeast(1, k.mlpWidth, ffHidden)
        p.atLeast(1, k.positions, maxSeqLen)
        if !(normEps > 0) { p.add("\(k.normEps) must be > 0") }
        if !(ropeTheta > 0) { p.add("\(k.ropeTheta) must be > 0") }
        guard p.reasons.isEmpty else { return p.reasons }
        for (field, value, limit) in Self.limits(self, keys: k) where value > limit {
            p.add("\(field) is \(value), more than the \(limit) Unmask supports")
        }
        guard p.reasons.isEmpty else { return p.reasons }
        if ModelMemory.parameterCount(self) == nil { p.add(ModelMemory.overflowProblem(self, keys: k)) }
        return p.reasons
    }

    /// Why `heads` cannot split `width` into equal heads, nil when they do: the head width of a
    /// config without head_dim, Unmask's own or a Hugging Face one (a floor division once passed 3
    /// heads of 20 as 6 wide).
    static func headSplitProblem(width: Int, heads: Int, keys k: ConfigKeys) -> String? {
        heads >= 1 && width % heads == 0 ? nil : "\(k.heads) (\(heads)) must divide \(k.width) (\(width))"
    }

    /// Upper bounds on every size, far above any model the CPU engine can run, so that a size
    /// read from a file is refused before it reaches a loop or an allocation (a
    /// `num_hidden_layers` of 2³² once hung the layout; a `hidden_size` of 1e9 overflowed).
    static func limits(_ c: ModelConfig, keys k: ConfigKeys) -> [(String, Int, Int)] {
        [
            (k.vocabulary, k.vocabulary(of: c), 1 << 24), (k.width, c.dModel, 1 << 16), (k.layers, c.nLayers, 1 << 10),
            (k.heads, c.nHeads, 1 << 10), (k.headDim, c.headDim, 1 << 16),
            (k.mlpWidth, c.ffHidden, 1 << 18), (k.positions, c.maxSeqLen, 1 << 20)
        ]
    }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", dModel = "hidden_size", nLayers = "num_hidden_layers"
        case nHeads = "num_attention_heads", nKVHeads = "num_key_value_heads", explicitHeadDim = "head_dim"
        case ffHidden = "intermediate_size", maxSeqLen = "max_position_embeddings", normEps = "rms_norm_eps"
        case ropeTheta = "rope_theta", qkvBias = "attention_bias", qkNorm = "qk_norm"
        case tiedEmbeddings = "tie_word_embeddings", shiftedPrediction = "shifted_prediction"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let heads = try c.decode(Int.self, forKey: .nHeads)
        self.init(
            vocabSize: try c.decode(Int.self, forKey: .vocabSize), dModel: try c.decode(Int.self, forKey: .dModel),
            nLayers: try c.decode(Int.self, forKey: .nLayers), nHeads: heads,
            nKVHeads: try c.decodeIfPresent(Int.self, forKey: .nKVHeads),
            headDim: try c.decodeIfPresent(Int.self, forKey: .explicitHeadDim),
            ffHidden: try c.decode(Int.self, forKey: .ffHidden), maxSeqLen: try c.decode(Int.self, forKey: .maxSeqLen),
            normEps: try c.decode(Float.self, forKey: .normEps), ropeTheta: try c.decode(Float.self, forKey: .ropeTheta),
            qkvBias: try c.decodeIfPresent(Bool.self, forKey: .qkvBias) ?? false,
            qkNorm: try c.decodeIfPresent(Bool.self, forKey: .qkNorm) ?? false,
            tiedEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? false,
            shiftedPrediction: try c.decodeIfPresent(Bool.self, forKey: .shiftedPrediction) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(dModel, forKey: .dModel)
        try c.encode(nLayers, forKey: .nLayers)
        try c.encode(nHeads, forKey: .nHeads)
        if nKVHeads != nHeads { try c.encode(nKVHeads, forKey: .nKVHeads) }
        try c.encodeIfPresent(explicitHeadDim, forKey: .explicitHeadDim)
        try c.encode(ffHidden, forKey: .ffHidden)
        try c.encode(maxSeqLen, forKey: .maxSeqLen)
        try c.encode(normEps, forKey: .normEps)
        try c.encode(ropeTheta, forKey: .ropeTheta)
        let flags: [(Bool, CodingKeys)] = [
            (qkvBias, .qkvBias), (qkNorm, .qkNorm), (tiedEmbeddings, .tiedEmbeddings), (shiftedPrediction, .shiftedPrediction)
        ]
        for (flag, key) in flags where flag { try c.encode(true, forKey: key) }
    }
}
