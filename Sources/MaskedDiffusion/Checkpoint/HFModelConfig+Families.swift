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
        return try make(
            j, a,
            Sizes(
                rows: try j.require("vocab_size", j.int), d: d, layers: try j.require("num_hidden_layers", j.int),
                heads: heads, kvHeads: try j.int("num_key_value_heads") ?? heads,
                headDim: try j.int("head_dim") ?? (a == .qwen3 ? 128 : d / Swift.max(heads, 1)),
                ff: try j.require("intermediate_size", j.int),
                positions: try j.int("max_position_embeddings") ?? (a == .llama ? 2048 : 32768),
                eps: try j.double("rms_norm_eps") ?? 1e-6, theta: try ropeTheta(j),
                qkvBias: a == .qwen2 || a == .dream, qkNorm: a == .qwen3,
                tied: try j.bool("tie_word_embeddings") ?? false, shifted: a == .dream))
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
        let ff: Int
        if let hidden = try j.int("mlp_hidden_size") { ff = hidden } else { ff = try j.require("mlp_ratio", j.int) * d }
        let vocab = try j.require("vocab_size", j.int)
        return try make(
            j, .llada,
            Sizes(
                rows: try j.int("embedding_size") ?? vocab, d: d, layers: try j.require("n_layers", j.int), heads: heads,
                kvHeads: try j.int("n_kv_heads") ?? heads, headDim: d / Swift.max(heads, 1), ff: ff,
                positions: try j.int("max_sequence_length") ?? 1024, eps: try j.double("rms_norm_eps") ?? 1e-5,
                theta: try j.double("rope_theta") ?? 10_000, qkvBias: try j.bool("include_qkv_bias") ?? false,
                qkNorm: false, tied: try j.bool("weight_tying") ?? false, shifted: false))
    }
}
