#!/usr/bin/env python3
"""Tiny random models of every supported Hugging Face family, made and run by `transformers` itself
(HFFamilyTests.swift checks that the engine imports each and reproduces its logits).

    llama-gqa-f32/        LlamaConfig: 4 query heads over 2 key/value heads, untied, F32, one file;
                          mask_token_id 5 (inside the vocabulary, not the last row)
    qwen2-tied-sharded/   Qwen2Config: q/k/v biases, GQA, tied head, F32 in shards (max_shard_size)
    qwen3-bf16/           Qwen3Config: q/k RMSNorm, head_dim 8 with hidden 24 (4 heads: 32 ≠ 24), GQA,
                          untied, saved in BF16 (references use the BF16-rounded weights)
    qwen3-tied-f32/       Qwen3Config as above, tied head, F32
    dream-f32/            the qwen2 weights untied, config.json of Dream (model_type "Dream", Qwen2 keys,
                          remote code); reference = Qwen2 logits shifted right by one, as Dream's eval
                          and generate do (logits = cat([logits[:, :1], logits[:, :-1]], 1))
    llada-midmask-f32/    the llama weights with 4/4 heads under LLaDA's (OLMo) names and config,
                          mask_token_id 7 of 40 rows
    reference.safetensors tokens.<variant> I64 [2, 9] (file ids, masks included) and logits.<variant>
                          F32 [2, 9, rows] (every embedding row, the mask's too, in the file's order)

Each model's config.json gets the `mask_token_id` Unmask needs. The logits come from the model's own
forward with a 4-D all-zero additive attention mask, which transformers uses as given: attention is
bidirectional, checked here by changing the last token and seeing position 0's logits change.
Deterministic (torch.manual_seed); needs torch and transformers:

    /path/to/venv/bin/python Tests/MaskedDiffusionTests/Fixtures/hf_families/make_hf_families_fixture.py
"""

import json
import os
import shutil

import torch
from safetensors.torch import save_file
from transformers import (LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM, Qwen3Config,
                          Qwen3ForCausalLM)

HERE = os.path.dirname(os.path.abspath(__file__))
T = 9


def bidirectional_logits(model, tokens):
    """Logits [B, T, rows] with every position attending to every position (f32)."""
    B, n = tokens.shape
    mask = torch.zeros(B, 1, n, n, dtype=torch.float32)
    with torch.no_grad():
        logits = model(input_ids=tokens, attention_mask=mask).logits.float()
        changed = tokens.clone()
        changed[:, -1] = (changed[:, -1] + 1) % model.config.vocab_size
        moved = model(input_ids=changed, attention_mask=mask).logits.float()
    assert (logits[:, 0] - moved[:, 0]).abs().max() > 1e-4, "position 0 did not see the last token: causal"
    return logits


def perturb(model):
    """Random norm gains and biases (the defaults 1 and 0 would hide a dropped tensor)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                p.copy_((1 if name.endswith("norm.weight") else 0) + 0.3 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))


def tokens_for(rows, mask):
    g = torch.Generator().manual_seed(rows)
    t = torch.randint(0, rows, (2, T), generator=g)
    t[0, 2] = t[0, 5] = t[1, 0] = t[1, 6] = t[1, 7] = mask
    return t


def write_config(out, mask, **changes):
    path = os.path.join(out, "config.json")
    with open(path) as f:
        config = json.load(f)
    config["mask_token_id"] = mask
    config.update(changes)
    with open(path, "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    return config


def save(model, name, mask, reference, dtype=torch.float32, **kwargs):
    out = os.path.join(HERE, name)
    shutil.rmtree(out, ignore_errors=True)
    model.to(dtype).save_pretrained(out, safe_serialization=True, **kwargs)
    write_config(out, mask)
    # The reference is the saved folder as transformers loads it in f32 (BF16-rounded weights,
    # RoPE tables recomputed in f32 rather than the cast model's BF16 ones).
    loaded = type(model).from_pretrained(out, dtype=torch.float32, attn_implementation="eager").eval()
    tokens = tokens_for(model.config.vocab_size, mask)
    reference["tokens." + name] = tokens
    reference["logits." + name] = bidirectional_logits(loaded, tokens)
    return tokens


def main():
    torch.manual_seed(20251205)
    reference = {}
    common = dict(num_hidden_layers=2, max_position_embeddings=64, rms_norm_eps=1e-6, hidden_act="silu")

    llama = LlamaForCausalLM(LlamaConfig(
        vocab_size=40, hidden_size=24, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2,
        rope_theta=10000.0, tie_word_embeddings=False, attn_implementation="eager", **common)).eval()
    perturb(llama)
    save(llama, "llama-gqa-f32", 5, reference)

    qwen2 = Qwen2ForCausalLM(Qwen2Config(
        vocab_size=48, hidden_size=32, intermediate_size=48, num_attention_heads=4, num_key_value_heads=2,
        rope_theta=1000000.0, tie_word_embeddings=True, attn_implementation="eager", **common)).eval()
    perturb(qwen2)
    save(qwen2, "qwen2-tied-sharded", 47, reference, max_shard_size="30KB")

    qwen3 = Qwen3ForCausalLM(Qwen3Config(
        vocab_size=36, hidden_size=24, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2,
        head_dim=8, rope_theta=1000000.0, tie_word_embeddings=False, attn_implementation="eager", **common)).eval()
    perturb(qwen3)
    save(qwen3, "qwen3-bf16", 20, reference, dtype=torch.bfloat16)

    qwen3t = Qwen3ForCausalLM(Qwen3Config(
        vocab_size=36, hidden_size=24, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2,
        head_dim=8, rope_theta=1000000.0, tie_word_embeddings=True, attn_implementation="eager", **common)).eval()
    perturb(qwen3t)
    save(qwen3t, "qwen3-tied-f32", 35, reference)

    # Dream: Qwen2's modules and names, its own config, untied, the prediction shifted by one.
    dream = Qwen2ForCausalLM(Qwen2Config(
        vocab_size=48, hidden_size=32, intermediate_size=48, num_attention_heads=4, num_key_value_heads=2,
        rope_theta=1000000.0, tie_word_embeddings=False, attn_implementation="eager", **common)).eval()
    perturb(dream)
    out = os.path.join(HERE, "dream-f32")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    save_file({n: p.detach().contiguous() for n, p in dream.state_dict().items()},
              os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    c = dream.config
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({
            "architectures": ["DreamModel"], "model_type": "Dream",
            "auto_map": {"AutoConfig": "configuration_dream.DreamConfig", "AutoModel": "modeling_dream.DreamModel"},
            "vocab_size": c.vocab_size, "hidden_size": c.hidden_size, "intermediate_size": c.intermediate_size,
            "num_hidden_layers": c.num_hidden_layers, "num_attention_heads": c.num_attention_heads,
            "num_key_value_heads": c.num_key_value_heads, "hidden_act": "silu", "max_position_embeddings": 64,
            "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "rope_scaling": None, "tie_word_embeddings": False,
            "use_sliding_window": False, "sliding_window": None, "max_window_layers": 2, "attention_dropout": 0.0,
            "mask_token_id": 40, "pad_token_id": 41, "bos_token_id": 42, "eos_token_id": 41,
            "torch_dtype": "float32",
        }, f, indent=2, sort_keys=True)
        f.write("\n")
    tokens = tokens_for(48, 40)
    logits = bidirectional_logits(dream, tokens)
    reference["tokens.dream-f32"] = tokens
    reference["logits.dream-f32"] = torch.cat([logits[:, :1], logits[:, :-1]], 1)

    # LLaDA (OLMo names): a plain 4/4-head LLaMA under LLaDA's names, the mask in the middle.
    mha = LlamaForCausalLM(LlamaConfig(
        vocab_size=40, hidden_size=24, intermediate_size=40, num_attention_heads=4, num_key_value_heads=4,
        rope_theta=500000.0, tie_word_embeddings=False, attn_implementation="eager", **common)).eval()
    perturb(mha)
    out = os.path.join(HERE, "llada-midmask-f32")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    names = {"input_layernorm.weight": "attn_norm.weight", "self_attn.q_proj.weight": "q_proj.weight",
             "self_attn.k_proj.weight": "k_proj.weight", "self_attn.v_proj.weight": "v_proj.weight",
             "self_attn.o_proj.weight": "attn_out.weight", "post_attention_layernorm.weight": "ff_norm.weight",
             "mlp.gate_proj.weight": "ff_proj.weight", "mlp.up_proj.weight": "up_proj.weight",
             "mlp.down_proj.weight": "ff_out.weight"}

    def llada_name(n):
        top = {"model.embed_tokens.weight": "model.transformer.wte.weight",
               "model.norm.weight": "model.transformer.ln_f.weight", "lm_head.weight": "model.transformer.ff_out.weight"}
        if n in top:
            return top[n]
        i, rest = n[len("model.layers."):].split(".", 1)
        return f"model.transformer.blocks.{i}." + names[rest]

    save_file({llada_name(n): p.detach().contiguous() for n, p in mha.state_dict().items()},
              os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({
            "architectures": ["LLaDAModelLM"], "model_type": "llada", "d_model": 24, "n_heads": 4, "n_kv_heads": 4,
            "n_layers": 2, "mlp_hidden_size": 40, "mlp_ratio": 4, "vocab_size": 40, "embedding_size": 40,
            "max_sequence_length": 64, "rope_theta": 500000.0, "rms_norm_eps": 1e-6, "rope": True, "alibi": False,
            "block_type": "llama", "activation_type": "silu", "layer_norm_type": "rms", "include_bias": False,
            "include_qkv_bias": False, "weight_tying": False, "input_emb_norm": False, "scale_logits": False,
            "attention_layer_norm": False, "clip_qkv": None, "block_group_size": 1, "mask_token_id": 7,
            "eos_token_id": 39, "pad_token_id": 39,
        }, f, indent=2, sort_keys=True)
        f.write("\n")
    tokens = tokens_for(40, 7)
    reference["tokens.llada-midmask-f32"] = tokens
    reference["logits.llada-midmask-f32"] = bidirectional_logits(mha, tokens)

    save_file({k: v.contiguous() for k, v in reference.items()}, os.path.join(HERE, "reference.safetensors"))
    for k, v in sorted(reference.items()):
        if k.startswith("logits"):
            print(f"{k}: {list(v.shape)}, max |logit| {v.abs().max():.3f}")


if __name__ == "__main__":
    main()
