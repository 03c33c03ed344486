/// The shape of a masked-diffusion transformer (LLaDA/LLaMA style, no time input: RADD §2.1).
///
/// Token ids `0..<vocabSize` are real tokens; `maskTokenId == vocabSize` is the absorbing mask
/// symbol. The embedding has `vocabSize + 1` rows, the output head only `vocabSize` (the mask is
/// never predicted). Encoded as an HF-style `config.json` (snake_case keys).
public struct ModelConfig: Codable, Equatable, Sendable {
    public var vocabSize: Int
    public var dModel: Int
    public var nLayers: Int
    public var nHeads: Int
    /// SwiGLU hidden width (gate and up projections each have this many rows).
    public var ffHidden: Int
    /// Longest sequence the RoPE tables and workspaces are sized for.
    public var maxSeqLen: Int
    public var normEps: Float
    public var ropeTheta: Float

    public var maskTokenId: Int { vocabSize }
    public var headDim: Int { dModel / nHeads }

    public init(
        vocabSize: Int, dModel: Int, nLayers: Int, nHeads: Int, ffHidden: Int? = nil,
        maxSeqLen: Int, normEps: Float = 1e-5, ropeTheta: Float = 10_000
    ) {
        self.vocabSize = vocabSize
        self.dModel = dModel
        self.nLayers = nLayers
        self.nHeads = nHeads
        self.ffHidden = ffHidden ?? 4 * dModel
        self.maxSeqLen = maxSeqLen
        self.normEps = normEps
        self.ropeTheta = ropeTheta
    }

    /// Reasons this configuration cannot build a model, empty when it can.
    public var problems: [String] {
        var p: [String] = []
        if vocabSize < 1 { p.append("vocab_size must be ≥ 1 (got \(vocabSize))") }
        if dModel < 2 { p.append("hidden_size must be ≥ 2 (got \(dModel))") }
        if nLayers < 0 { p.append("num_hidden_layers must be ≥ 0 (got \(nLayers))") }
        if nHeads < 1 || dModel % max(nHeads, 1) != 0 {
            p.append("num_attention_heads (\(nHeads)) must divide hidden_size (\(dModel))")
        } else if headDim % 2 != 0 {
            p.append("head dimension \(headDim) must be even for RoPE")
        }
        if ffHidden < 1 { p.append("intermediate_size must be ≥ 1 (got \(ffHidden))") }
        if maxSeqLen < 1 { p.append("max_position_embeddings must be ≥ 1 (got \(maxSeqLen))") }
        if !(normEps > 0) { p.append("rms_norm_eps must be > 0") }
        if !(ropeTheta > 0) { p.append("rope_theta must be > 0") }
        guard p.isEmpty else { return p }
        for (field, value, limit) in Self.limits(self) where value > limit {
            p.append("\(field) is \(value), more than the \(limit) Unmask supports")
        }
        guard p.isEmpty else { return p }
        if let memory = ModelMemory.problem(self) { p.append(memory) }
        return p
    }

    /// Upper bounds on every size, far above any model the CPU engine can run, so that a size
    /// read from a file is refused before it reaches a loop or an allocation (a
    /// `num_hidden_layers` of 2³² once hung the layout; a `hidden_size` of 1e9 overflowed).
    static func limits(_ c: ModelConfig) -> [(String, Int, Int)] {
        [
            ("vocab_size", c.vocabSize, 1 << 24), ("hidden_size", c.dModel, 1 << 16), ("num_hidden_layers", c.nLayers, 1 << 10),
            ("num_attention_heads", c.nHeads, 1 << 10), ("intermediate_size", c.ffHidden, 1 << 18),
            ("max_position_embeddings", c.maxSeqLen, 1 << 20)
        ]
    }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", dModel = "hidden_size", nLayers = "num_hidden_layers"
        case nHeads = "num_attention_heads", ffHidden = "intermediate_size"
        case maxSeqLen = "max_position_embeddings", normEps = "rms_norm_eps", ropeTheta = "rope_theta"
    }
}
