/// A Hugging Face `config.json` of a supported family, checked against what the engine computes
/// and turned into a `ModelConfig` plus the file's token-id order (`TokenIdMap`).
///
/// Families (docs/file-formats.md §2): `llama`, `qwen2`, `qwen3` and `Dream` (transformers keys,
/// read by `transformers(_:)`) and `llada` (OLMo keys, `llada(_:)`). Supported: pre-norm blocks
/// with RMSNorm, grouped-query attention, q/k/v biases (Qwen2, Dream; LLaDA's
/// `include_qkv_bias`), per-head q/k RMSNorm (Qwen3), an explicit `head_dim`, rotate-half RoPE
/// without scaling, a SiLU-gated MLP without biases, a final RMSNorm and a linear head,
/// optionally tied. Attention is bidirectional in the engine whatever the source model did.
///
/// The absorbing mask (`mask_token_id`, required) may be any embedding row: the engine keeps the
/// other rows in order as its real tokens and the mask last, and drops the head's mask row (the
/// engine never predicts the mask). Anything else is refused with the file and field named.
public struct HFModelConfig: Equatable, Sendable {
    /// Which tensor names and config keys the checkpoint uses.
    public enum Architecture: String, Sendable, CaseIterable {
        /// transformers' `LlamaForCausalLM`.
        case llama
        /// transformers' `Qwen2ForCausalLM`: q/k/v biases.
        case qwen2
        /// transformers' `Qwen3ForCausalLM`: per-head q/k RMSNorm, `head_dim` of its own.
        case qwen3
        /// Dream (remote code `DreamModel`): Qwen2's modules and names; position i is predicted
        /// from the hidden state at i − 1.
        case dream = "Dream"
        /// LLaDA's `LLaDAModelLM` (OLMo-style keys and names).
        case llada
    }

    public let architecture: Architecture
    public let model: ModelConfig
    /// File token ids ↔ engine token ids.
    public let ids: TokenIdMap
    /// The file's key for each size, for refusals that name it.
    public let keys: ConfigKeys

    /// Embedding rows in the file (`model.vocabSize + 1`).
    public var embeddingRows: Int { model.vocabSize + 1 }

    static var supportedTypes: String { Architecture.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// Reads and checks `config.json` at `path`.
    public static func read(from path: String) throws(CheckpointError) -> HFModelConfig {
        let json = try HFJSONObject(contentsOf: path)
        guard let type = try json.string("model_type") else {
            throw json.invalid("missing field 'model_type' (supported: \(supportedTypes))")
        }
        if type == CheckpointConfig.modelType {
            throw json.invalid("model_type is \"unmask\": this is already an Unmask checkpoint")
        }
        guard let architecture = Architecture(rawValue: type) else {
            throw json.invalid("model_type \"\(type)\" is not supported (supported: \(supportedTypes))")
        }
        return architecture == .llada ? try llada(json) : try transformers(json, architecture)
    }

    /// The sizes every family has, under its own key names.
    struct Sizes {
        var rows, d, layers, heads, kvHeads, headDim, ff, positions: Int
        var eps, theta: Double
        var qkvBias, qkNorm, tied, shifted: Bool
        /// The keys the sizes were read from.
        var keys: ConfigKeys
    }

    static func make(_ j: HFJSONObject, _ architecture: Architecture, _ s: Sizes) throws(CheckpointError) -> HFModelConfig {
        guard let mask = try j.int("mask_token_id") else {
            throw j.invalid(
                "missing field 'mask_token_id': a masked-diffusion model needs its mask token (one of the \(s.rows) embedding rows)"
            )
        }
        // Compared, not turned into a range: a negative row count (fuzzing found vocab_size −2)
        // must be an error, not a trap.
        guard s.rows >= 2 else {
            throw j.invalid("\(s.keys.vocabulary) is \(s.rows): a model needs a real token and the mask (≥ 2 rows)")
        }
        guard mask >= 0 && mask < s.rows else {
            throw j.invalid("mask_token_id is \(mask): it must be one of the \(s.rows) embedding rows (0…\(s.rows - 1))")
        }
        let model = ModelConfig(
            vocabSize: s.rows - 1, dModel: s.d, nLayers: s.layers, nHeads: s.heads, nKVHeads: s.kvHeads,
            headDim: s.headDim, ffHidden: s.ff, maxSeqLen: s.positions, normEps: Float(s.eps), ropeTheta: Float(s.theta),
            qkvBias: s.qkvBias, qkNorm: s.qkNorm, tiedEmbeddings: s.tied, shiftedPrediction: s.shifted)
        if let problem = model.shapeProblems(keys: s.keys).first { throw j.invalid(problem) }
        return HFModelConfig(
            architecture: architecture, model: model, ids: TokenIdMap(rows: s.rows, fileMaskId: mask), keys: s.keys)
    }
}

/// Reading each family's keys. Absent optional keys take the defaults of the family's
/// transformers config class (or LLaDA's `LLaDAConfig`).
extension HFModelConfig {
    /// `llama`, `qwen2`, `qwen3` and `Dream`: transformers' key names.
    static func transformers(_ j: HFJSONObject, _ a: Architecture) throws(CheckpointError) -> HFModelConfig {
        let d = try j.require("hidden_size", j.int), heads = try j.require("num_attention_heads", j.int)
        // Llama and Qwen3 put the same flag on o_proj; Qwen2/Dream always have q/k/v biases and none on o_proj.
        if a == .llama || a == .qwen3, try j.bool("attention_bias") == true {
            throw j.invalid("attention_bias is true: a bias on o_proj is not supported (only q/k/v biases, as Qwen2 has)")
        }
        if try j.bool("mlp_bias") == true { throw j.invalid("mlp_bias is true: MLP biases are not supported") }
        if let act = try j.string("hidden_act"), act != "silu" {
            throw j.invalid("hidden_act is \"\(act)\": only \"silu\" (SwiGLU) is supported")
        }
        if try j.bool("use_sliding_window") == true {
            throw j.invalid("use_sliding_window is true: sliding-window attention is not supported")
        }
        if case .array(let types)? = j.value("layer_types"), !types.allSatisfy(isFullAttention) {
            throw j.invalid("layer_types has a layer that is not \"full_attention\": only full attention is supported")
        }
        let headDim: Int
        if let explicit = try j.int("head_dim") {
            headDim = explicit
        } else {
            headDim = a == .qwen3 ? 128 : try headWidth(j, d: d, heads: heads, .transformers)
        }
        return try make(
            j, a,
            Sizes(
                rows: try j.require("vocab_size", j.int), d: d, layers: try j.require("num_hidden_layers", j.int),
                heads: heads, kvHeads: try j.int("num_key_value_heads") ?? heads, headDim: headDim,
                ff: try j.require("intermediate_size", j.int),
                positions: try j.int("max_position_embeddings") ?? (a == .llama ? 2048 : 32768),
                eps: try j.double("rms_norm_eps") ?? 1e-6, theta: try ropeTheta(j),
                qkvBias: a == .qwen2 || a == .dream, qkNorm: a == .qwen3,
                tied: try j.bool("tie_word_embeddings") ?? false, shifted: a == .dream, keys: .transformers))
    }

    /// d / heads, the head width of a file without `head_dim` (`ModelConfig.headSplitProblem`).
    private static func headWidth(_ j: HFJSONObject, d: Int, heads: Int, _ k: ConfigKeys) throws(CheckpointError) -> Int {
        if let problem = ModelConfig.headSplitProblem(width: d, heads: heads, keys: k) { throw j.invalid(problem) }
        return d / heads
    }

    private static func isFullAttention(_ type: HeaderJSON) -> Bool {
        if case .string("full_attention") = type { return true }
        return false
    }

    /// RoPE's base: `rope_theta` (transformers ≤ 4), or `rope_parameters` (transformers 5) whose
    /// `rope_type` must be "default"; scaled variants are refused.
    private static func ropeTheta(_ j: HFJSONObject) throws(CheckpointError) -> Double {
        if j.value("rope_scaling") != nil { throw j.invalid("rope_scaling is set: scaled RoPE is not supported") }
        if let p = try j.object("rope_parameters") {
            if let type = try p.string("rope_type"), type != "default" {
                throw j.invalid("rope_parameters.rope_type is \"\(type)\": only \"default\" (unscaled RoPE) is supported")
            }
            if let theta = try p.double("rope_theta") { return theta }
        }
        return try j.double("rope_theta") ?? 10_000
    }

    /// LLaDA's `LLaDAConfig` (OLMo `ModelConfig` keys).
    static func llada(_ j: HFJSONObject) throws(CheckpointError) -> HFModelConfig {
        let d = try j.require("d_model", j.int), heads = try j.require("n_heads", j.int)
        for key in [
            "multi_query_attention", "include_bias", "bias_for_layer_norm", "alibi", "input_emb_norm", "scale_logits",
            "attention_layer_norm"
        ] where try j.bool(key) == true {
            throw j.invalid("\(key) is true: not supported (the engine is a plain LLaMA block)")
        }
        if try j.bool("layer_norm_with_affine") == false {
            throw j.invalid("layer_norm_with_affine is false: norms without weights are not supported")
        }
        if j.value("clip_qkv") != nil { throw j.invalid("clip_qkv is set: clipping q/k/v is not supported") }
        let expected = [("layer_norm_type", "rms"), ("activation_type", "silu"), ("block_type", "llama")]
        for (key, value) in expected {
            let found = try j.require(key, j.string)
            if found != value { throw j.invalid("\(key) is \"\(found)\": only \"\(value)\" is supported") }
        }
        if try j.bool("rope") != true { throw j.invalid("rope is not true: only rotary position embeddings are supported") }
        if let g = try j.int("block_group_size"), g != 1 { throw j.invalid("block_group_size is \(g): only 1 is supported") }
        let ff: Int, ffKey: String
        if let hidden = try j.int("mlp_hidden_size") {
            (ff, ffKey) = (hidden, "mlp_hidden_size")
        } else {
            let ratio = try j.require("mlp_ratio", j.int)
            guard let width = CheckedCount.product(ratio, d) else {
                throw j.invalid("mlp_ratio \(ratio) × d_model \(d) overflows")
            }
            (ff, ffKey) = (width, "mlp_ratio × d_model")
        }
        let vocab = try j.require("vocab_size", j.int), rows = try j.int("embedding_size")
        let keys = ConfigKeys.llada(vocabulary: rows == nil ? "vocab_size" : "embedding_size", mlpWidth: ffKey)
        return try make(
            j, .llada,
            Sizes(
                rows: rows ?? vocab, d: d, layers: try j.require("n_layers", j.int), heads: heads,
                kvHeads: try j.int("n_kv_heads") ?? heads, headDim: try headWidth(j, d: d, heads: heads, keys), ff: ff,
                positions: try j.int("max_sequence_length") ?? 1024, eps: try j.double("rms_norm_eps") ?? 1e-5,
                theta: try j.double("rope_theta") ?? 10_000, qkvBias: try j.bool("include_qkv_bias") ?? false,
                qkNorm: false, tied: try j.bool("weight_tying") ?? false, shifted: false, keys: keys))
    }
}
