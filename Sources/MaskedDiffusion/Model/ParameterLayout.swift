/// Where each named weight lives inside one flat parameter buffer.
///
/// All weights sit in a single contiguous `Float` buffer so AdamW, gradient clipping and the
/// reduction of per-thread gradients are one loop each. Names are HF/LLaMA style and stable
/// (docs/file-formats.md §1); shapes follow PyTorch's `nn.Linear` ([out, in]).
/// The q/k/v projections of a layer are adjacent, so together they form one [qkvWidth, d] matrix
/// (one GEMM), and so are their biases ([qkvWidth]); likewise gate and up form one [2·ff, d]
/// matrix. A plain model's layout (no biases, no q/k norms, untied head) is the one it always had.
public struct ParameterLayout: Sendable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public var count: Int { shape.reduce(1, *) }
        /// AdamW applies weight decay to matrices only, never to norm gains or biases.
        public var decays: Bool { shape.count >= 2 }
        /// Biases start at 0 (norm gains at 1).
        public var isBias: Bool { name.hasSuffix(".bias") }
    }

    public let entries: [Entry]
    public let totalCount: Int
    private let index: [String: Int]

    /// Offsets of one transformer block's tensors; the optional ones exist only when the config
    /// has the feature (`qkvBias`, `qkNorm`).
    public struct Layer: Sendable {
        public let attnNorm, qkv: Int
        /// [qkvWidth]: the q, k and v biases, adjacent.
        public let qkvBias: Int?
        /// [headDim] each: the gains of the per-head q and k RMSNorms.
        public let qNorm, kNorm: Int?
        /// [d, H·hd]
        public let o: Int
        public let mlpNorm, gateUp, down: Int
    }
    public let embedding: Int
    public let layers: [Layer]
    public let finalNorm: Int
    /// [V, d]; with tied embeddings this is `embedding` (the head reads the first V rows).
    public let head: Int

    public init(_ c: ModelConfig) {
        var entries: [Entry] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let e = Entry(name: name, shape: shape, offset: offset)
            entries.append(e)
            offset += e.count
            return e.offset
        }
        let d = c.dModel, f = c.ffHidden, hd = c.headDim, q = c.queryWidth, kv = c.keyValueWidth
        embedding = add("model.embed_tokens.weight", [c.vocabSize + 1, d])
        var layers: [Layer] = []
        for l in 0..<c.nLayers {
            let p = "model.layers.\(l)."
            let attnNorm = add(p + "input_layernorm.weight", [d])
            let qkv = add(p + "self_attn.q_proj.weight", [q, d])
            _ = add(p + "self_attn.k_proj.weight", [kv, d])
            _ = add(p + "self_attn.v_proj.weight", [kv, d])
            var qkvBias: Int? = nil
            if c.qkvBias {
                qkvBias = add(p + "self_attn.q_proj.bias", [q])
                _ = add(p + "self_attn.k_proj.bias", [kv])
                _ = add(p + "self_attn.v_proj.bias", [kv])
            }
            let qNorm = c.qkNorm ? add(p + "self_attn.q_norm.weight", [hd]) : nil
            let kNorm = c.qkNorm ? add(p + "self_attn.k_norm.weight", [hd]) : nil
            let o = add(p + "self_attn.o_proj.weight", [d, q])
            let mlpNorm = add(p + "post_attention_layernorm.weight", [d])
            let gateUp = add(p + "mlp.gate_proj.weight", [f, d])
            _ = add(p + "mlp.up_proj.weight", [f, d])
            let down = add(p + "mlp.down_proj.weight", [d, f])
            layers.append(
                Layer(
                    attnNorm: attnNorm, qkv: qkv, qkvBias: qkvBias, qNorm: qNorm, kNorm: kNorm, o: o, mlpNorm: mlpNorm,
                    gateUp: gateUp, down: down))
        }
        self.layers = layers
        finalNorm = add("model.norm.weight", [d])
        head = c.tiedEmbeddings ? embedding : add("lm_head.weight", [c.vocabSize, d])
        self.entries = entries
        self.totalCount = offset
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
    }

    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }
}
