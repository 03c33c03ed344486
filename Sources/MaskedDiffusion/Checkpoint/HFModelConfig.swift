/// A Hugging Face `config.json` of a LLaMA- or LLaDA-architecture model, checked against what the
/// engine computes and turned into a `ModelConfig`.
///
/// Supported: pre-norm blocks with RMSNorm, multi-head attention without biases (as many key/value
/// heads as query heads), rotate-half RoPE without scaling, a SiLU-gated (SwiGLU) MLP without
/// biases, a final RMSNorm and a linear head, optionally tied to the embedding. Attention is
/// bidirectional in the engine whatever the source model did.
///
/// The absorbing mask must be the last embedding row (`mask_token_id == rows − 1`): the engine's
/// real tokens are `0..<V` and its mask is `V`. The head's mask row is dropped (the engine never
/// predicts the mask). Anything else is refused with the file and field named.
public struct HFModelConfig: Equatable, Sendable {
    /// Which tensor names and config keys the checkpoint uses.
    public enum Architecture: String, Sendable {
        /// transformers' `LlamaForCausalLM` (`model_type: "llama"`).
        case llama
        /// LLaDA's `LLaDAModelLM` (`model_type: "llada"`, OLMo-style keys and names).
        case llada
    }

    public let architecture: Architecture
    public let model: ModelConfig
    /// The head is the embedding's first V rows (`tie_word_embeddings` / `weight_tying`).
    public let tiedHead: Bool

    /// Embedding rows in the file (`model.vocabSize + 1`).
    public var embeddingRows: Int { model.vocabSize + 1 }

    /// Reads and checks `config.json` at `path`.
    public static func read(from path: String) throws(CheckpointError) -> HFModelConfig {
        let json = try HFJSONObject(contentsOf: path)
        guard let type = try json.string("model_type") else {
            throw json.invalid("missing field 'model_type' (supported: \"llama\", \"llada\")")
        }
        switch type {
        case "llama": return try llama(json)
        case "llada": return try llada(json)
        case CheckpointConfig.modelType: throw json.invalid("model_type is \"unmask\": this is already an Unmask checkpoint")
        default: throw json.invalid("model_type \"\(type)\" is not supported (supported: \"llama\", \"llada\")")
        }
    }

    /// transformers `LlamaConfig`; absent optional keys take its defaults.
    private static func llama(_ j: HFJSONObject) throws(CheckpointError) -> HFModelConfig {
        let d = try j.require("hidden_size", j.int), heads = try j.require("num_attention_heads", j.int)
        if let kv = try j.int("num_key_value_heads"), kv != heads {
            throw j.invalid(
                "num_key_value_heads is \(kv): grouped-query attention is not supported (needs \(heads), as num_attention_heads)")
        }
        if let hd = try j.int("head_dim"), heads > 0, hd * heads != d {
            throw j.invalid("head_dim is \(hd): the engine needs hidden_size / num_attention_heads (\(d / max(heads, 1)))")
        }
        for key in ["attention_bias", "mlp_bias"] where try j.bool(key) == true {
            throw j.invalid("\(key) is true: linear layers with biases are not supported")
        }
        if let act = try j.string("hidden_act"), act != "silu" {
            throw j.invalid("hidden_act is \"\(act)\": only \"silu\" (SwiGLU) is supported")
        }
        if j.value("rope_scaling") != nil { throw j.invalid("rope_scaling is set: scaled RoPE is not supported") }
        return try make(
            j, .llama, rows: try j.require("vocab_size", j.int), d: d, layers: try j.require("num_hidden_layers", j.int),
            heads: heads, ff: try j.require("intermediate_size", j.int),
            positions: try j.int("max_position_embeddings") ?? 2048,
            eps: try j.double("rms_norm_eps") ?? 1e-6, theta: try j.double("rope_theta") ?? 10_000,
            tied: try j.bool("tie_word_embeddings") ?? false)
    }

    /// LLaDA's `LLaDAConfig` (OLMo `ModelConfig` keys); absent optional keys take its defaults.
    private static func llada(_ j: HFJSONObject) throws(CheckpointError) -> HFModelConfig {
        let d = try j.require("d_model", j.int), heads = try j.require("n_heads", j.int)
        if let kv = try j.int("n_kv_heads"), kv != heads {
            throw j.invalid("n_kv_heads is \(kv): grouped-query attention is not supported (needs \(heads), as n_heads)")
        }
        for key in [
            "multi_query_attention", "include_bias", "include_qkv_bias", "bias_for_layer_norm", "alibi",
            "input_emb_norm", "scale_logits", "attention_layer_norm"
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
        let ff: Int
        if let hidden = try j.int("mlp_hidden_size") { ff = hidden } else { ff = try j.require("mlp_ratio", j.int) * d }
        let vocab = try j.require("vocab_size", j.int)
        return try make(
            j, .llada, rows: try j.int("embedding_size") ?? vocab, d: d, layers: try j.require("n_layers", j.int),
            heads: heads, ff: ff, positions: try j.int("max_sequence_length") ?? 1024,
            eps: try j.double("rms_norm_eps") ?? 1e-5, theta: try j.double("rope_theta") ?? 10_000,
            tied: try j.bool("weight_tying") ?? false)
    }

    private static func make(
        _ j: HFJSONObject, _ architecture: Architecture, rows: Int, d: Int, layers: Int, heads: Int,
        ff: Int, positions: Int, eps: Double, theta: Double, tied: Bool
    ) throws(CheckpointError) -> HFModelConfig {
        guard let mask = try j.int("mask_token_id") else {
            throw j.invalid(
                "missing field 'mask_token_id': a masked-diffusion model needs its mask token, "
                    + "which Unmask needs to be the last embedding row (\(rows - 1))")
        }
        guard mask == rows - 1 else {
            throw j.invalid(
                "mask_token_id is \(mask): Unmask needs the mask to be the last of the \(rows) embedding rows (\(rows - 1))")
        }
        let model = ModelConfig(
            vocabSize: rows - 1, dModel: d, nLayers: layers, nHeads: heads, ffHidden: ff,
            maxSeqLen: positions, normEps: Float(eps), ropeTheta: Float(theta))
        if let problem = model.problems.first { throw j.invalid(problem) }
        return HFModelConfig(architecture: architecture, model: model, tiedHead: tied)
    }
}
