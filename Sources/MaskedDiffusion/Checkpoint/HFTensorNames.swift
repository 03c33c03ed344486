/// Where each engine weight (`ParameterLayout` name) lives in a Hugging Face checkpoint.
///
/// LLaMA, Qwen2, Qwen3 and Dream checkpoints use the engine's own names (q/k/v biases
/// `self_attn.{q,k,v}_proj.bias`, Qwen3's `self_attn.{q,k}_norm.weight`). LLaDA's
/// (`modeling_llada.py`, OLMo style):
///
/// | engine | LLaDA |
/// |---|---|
/// | `model.embed_tokens.weight` | `model.transformer.wte.weight` |
/// | `model.layers.{i}.input_layernorm.weight` | `model.transformer.blocks.{i}.attn_norm.weight` |
/// | `model.layers.{i}.self_attn.{q,k,v}_proj.weight` | `model.transformer.blocks.{i}.{q,k,v}_proj.weight` |
/// | `model.layers.{i}.self_attn.{q,k,v}_proj.bias` | `model.transformer.blocks.{i}.{q,k,v}_proj.bias` |
/// | `model.layers.{i}.self_attn.o_proj.weight` | `model.transformer.blocks.{i}.attn_out.weight` |
/// | `model.layers.{i}.post_attention_layernorm.weight` | `model.transformer.blocks.{i}.ff_norm.weight` |
/// | `model.layers.{i}.mlp.gate_proj.weight` | `model.transformer.blocks.{i}.ff_proj.weight` (SiLU applied) |
/// | `model.layers.{i}.mlp.up_proj.weight` | `model.transformer.blocks.{i}.up_proj.weight` |
/// | `model.layers.{i}.mlp.down_proj.weight` | `model.transformer.blocks.{i}.ff_out.weight` |
/// | `model.norm.weight` | `model.transformer.ln_f.weight` |
/// | `lm_head.weight` (all rows but the mask's) | `model.transformer.ff_out.weight` |
///
/// A tied head has no tensor of its own (`ParameterLayout` has no `lm_head.weight` then).
enum HFTensorNames {
    static func source(of name: String, in config: HFModelConfig) -> String {
        guard config.architecture == .llada else { return name }
        switch name {
        case "model.embed_tokens.weight": return "model.transformer.wte.weight"
        case "model.norm.weight": return "model.transformer.ln_f.weight"
        case "lm_head.weight": return "model.transformer.ff_out.weight"
        default: break
        }
        // model.layers.{i}.<rest>
        let parts = name.split(separator: ".", maxSplits: 3)
        precondition(parts.count == 4 && parts[1] == "layers", "not a layer weight: \(name)")
        let rest: String =
            switch parts[3] {
            case "input_layernorm.weight": "attn_norm.weight"
            case "self_attn.q_proj.weight": "q_proj.weight"
            case "self_attn.k_proj.weight": "k_proj.weight"
            case "self_attn.v_proj.weight": "v_proj.weight"
            case "self_attn.q_proj.bias": "q_proj.bias"
            case "self_attn.k_proj.bias": "k_proj.bias"
            case "self_attn.v_proj.bias": "v_proj.bias"
            case "self_attn.o_proj.weight": "attn_out.weight"
            case "post_attention_layernorm.weight": "ff_norm.weight"
            case "mlp.gate_proj.weight": "ff_proj.weight"
            case "mlp.up_proj.weight": "up_proj.weight"
            case "mlp.down_proj.weight": "ff_out.weight"
            default: preconditionFailure("unknown layer weight \(name)")
            }
        return "model.transformer.blocks.\(parts[2]).\(rest)"
    }

    /// Tensors a checkpoint may hold that carry no weights (recomputed buffers), skipped on import.
    static func isIgnorable(_ name: String) -> Bool { name.hasSuffix("rotary_emb.inv_freq") }
}
