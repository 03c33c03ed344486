#!/usr/bin/env python3
"""Tiny Hugging Face-style checkpoints for the import test (HFImportTests.swift), with reference logits.

One random LLaMA-architecture model (the parity fixture's shapes: V = 11 real tokens + the mask as
the last embedding row, d 16, 2 layers, 2 heads, SwiGLU width 24), saved the ways real checkpoints
are saved:

    llama-bf16-sharded/   config.json (model_type "llama"), model-0000{1,2}-of-00002.safetensors (BF16),
                          model.safetensors.index.json (weight_map -> shard)
    llama-f16-tied/       config.json with tie_word_embeddings (no lm_head), model.safetensors (F16)
    llada-f32/            config.json (model_type "llada", LLaDA/OLMo keys), model.safetensors (F32)
                          under LLaDA's names (model.transformer.blocks.N.q_proj.weight, ...)
    reference.safetensors tokens I64 [2, 7] (with masks) and logits.<variant> F32 [2, 7, 11]

The output head of an HF checkpoint has a row for every embedding row, the mask included; the engine
keeps the first V (the mask is never predicted), so the references use those rows. Each variant's
logits come from its own rounded weights (BF16/F16/F32 -> float64), computed by the forward pass of
make_parity_fixture.py (imported, not copied; its module constants are set to this model's RoPE theta
and norm epsilon first). Deterministic: reruns reproduce the files bit for bit.

    python3 Tests/MaskedDiffusionTests/Fixtures/hf_import/make_hf_import_fixture.py

Needs numpy and the `safetensors` Python package.
"""

import json
import os
import sys

import numpy as np
import safetensors
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import make_parity_fixture as pf  # noqa: E402

pf.THETA = 500000.0   # LLaDA's value, so a dropped rope_theta shows
pf.EPS = 1e-6         # LlamaConfig's default, so a dropped rms_norm_eps shows
V, D, L, H, F = pf.V, pf.D, pf.L, pf.H, pf.F
E = V + 1             # embedding rows; the mask is the last one
MAX_POS = 32
SEED = 20240917
TOKENS = np.array([[3, V, 5, 0, V, V, 9],
                   [V, V, 1, 2, 7, V, 10]], dtype=np.int64)


def llada_name(name):
    """The LLaDA (OLMo-style) name of a LLaMA-named weight."""
    if name == "model.embed_tokens.weight":
        return "model.transformer.wte.weight"
    if name == "model.norm.weight":
        return "model.transformer.ln_f.weight"
    if name == "lm_head.weight":
        return "model.transformer.ff_out.weight"
    i, rest = name[len("model.layers."):].split(".", 1)
    return f"model.transformer.blocks.{i}." + {
        "input_layernorm.weight": "attn_norm.weight",
        "self_attn.q_proj.weight": "q_proj.weight",
        "self_attn.k_proj.weight": "k_proj.weight",
        "self_attn.v_proj.weight": "v_proj.weight",
        "self_attn.o_proj.weight": "attn_out.weight",
        "post_attention_layernorm.weight": "ff_norm.weight",
        "mlp.gate_proj.weight": "ff_proj.weight",
        "mlp.up_proj.weight": "up_proj.weight",
        "mlp.down_proj.weight": "ff_out.weight",
    }[rest]


def round_to(w, dtype):
    """Values as stored in `dtype`, back in float64 (bfloat16: round to nearest even on the float32 bits)."""
    w32 = np.ascontiguousarray(w, dtype=np.float32)
    if dtype == "F32":
        return w32.astype(np.float64)
    if dtype == "F16":
        return w32.astype(np.float16).astype(np.float64)
    bits = w32.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return rounded.astype(np.uint32).view(np.float32).astype(np.float64)


def stored(w, dtype):
    """The array safetensors.numpy writes for `dtype` (BF16 as the raw upper 16 bits, which it cannot name)."""
    if dtype == "F16":
        return np.ascontiguousarray(w.astype(np.float16))
    return np.ascontiguousarray(w.astype(np.float32))


def save_bf16(tensors, path):
    """safetensors.numpy cannot name bfloat16 (numpy has no such dtype), so hand the raw upper 16 bits
    of each rounded value to the package's own serializer under dtype "bfloat16", as its torch binding does."""
    raw = {n: np.ascontiguousarray((round_to(w, "BF16").astype(np.float32).view(np.uint32) >> 16).astype("<u2"))
           for n, w in tensors.items()}
    specs = {n: safetensors.TensorSpec(dtype="bfloat16", shape=list(tensors[n].shape), data_ptr=a.ctypes.data,
                                       data_len=a.nbytes) for n, a in raw.items()}
    safetensors.serialize_file(specs, path, metadata={"format": "pt"})


def logits_for(params):
    """Reference logits [B, T, V] of the rounded weights (float64 forward from make_parity_fixture)."""
    p = dict(params)
    p["lm_head.weight"] = params["lm_head.weight"][:V]
    zeros = np.zeros(TOKENS.shape)
    return pf.forward(p, TOKENS, np.ones_like(TOKENS), np.zeros_like(TOKENS), zeros)[0]


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def llama_config(tied):
    return {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": E,
        "hidden_size": D, "intermediate_size": F, "num_hidden_layers": L, "num_attention_heads": H,
        "num_key_value_heads": H, "head_dim": D // H, "hidden_act": "silu", "max_position_embeddings": MAX_POS,
        "rms_norm_eps": pf.EPS, "rope_theta": pf.THETA, "rope_scaling": None, "attention_bias": False,
        "mlp_bias": False, "tie_word_embeddings": tied, "mask_token_id": V, "torch_dtype": "bfloat16",
    }


def llada_config():
    return {
        "architectures": ["LLaDAModelLM"], "model_type": "llada", "d_model": D, "n_heads": H, "n_kv_heads": H,
        "n_layers": L, "mlp_hidden_size": F, "mlp_ratio": 4, "vocab_size": E, "embedding_size": E,
        "max_sequence_length": MAX_POS, "rope_theta": pf.THETA, "rms_norm_eps": pf.EPS, "rope": True,
        "alibi": False, "block_type": "llama", "activation_type": "silu", "layer_norm_type": "rms",
        "include_bias": False, "include_qkv_bias": False, "weight_tying": False, "input_emb_norm": False,
        "scale_logits": False, "attention_layer_norm": False, "clip_qkv": None, "block_group_size": 1,
        "mask_token_id": V, "eos_token_id": 10, "pad_token_id": 10,
    }


def main():
    rng = np.random.default_rng(SEED)
    params = pf.make_params(rng)
    # The HF head has a row per embedding row; the mask's row is random too (the engine drops it).
    params["lm_head.weight"] = np.concatenate([params["lm_head.weight"], 0.3 * rng.standard_normal((1, D))])
    reference = {"tokens": TOKENS}

    # LLaMA, BF16, two shards: layer 0 + embeddings in the first, the rest in the second.
    out = os.path.join(HERE, "llama-bf16-sharded")
    os.makedirs(out, exist_ok=True)
    shards = {"model-00001-of-00002.safetensors": {}, "model-00002-of-00002.safetensors": {}}
    for n, w in params.items():
        first = n.startswith("model.layers.0.") or n == "model.embed_tokens.weight"
        shards["model-0000%d-of-00002.safetensors" % (1 if first else 2)][n] = w
    weight_map = {}
    for fname, tensors in shards.items():
        save_bf16(tensors, os.path.join(out, fname))
        weight_map.update({n: fname for n in tensors})
    total = sum(2 * w.size for w in params.values())
    write_json(os.path.join(out, "model.safetensors.index.json"),
               {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))})
    write_json(os.path.join(out, "config.json"), llama_config(tied=False))
    reference["logits.llama-bf16-sharded"] = logits_for({n: round_to(w, "BF16") for n, w in params.items()})

    # LLaMA, F16, tied head: no lm_head tensor, the head is the embedding's first V rows.
    out = os.path.join(HERE, "llama-f16-tied")
    os.makedirs(out, exist_ok=True)
    tied = {n: w for n, w in params.items() if n != "lm_head.weight"}
    save_file({n: stored(w, "F16") for n, w in tied.items()}, os.path.join(out, "model.safetensors"),
              metadata={"format": "pt"})
    write_json(os.path.join(out, "config.json"), dict(llama_config(tied=True), torch_dtype="float16"))
    rounded = {n: round_to(w, "F16") for n, w in tied.items()}
    rounded["lm_head.weight"] = rounded["model.embed_tokens.weight"]
    reference["logits.llama-f16-tied"] = logits_for(rounded)

    # LLaDA names and config, F32.
    out = os.path.join(HERE, "llada-f32")
    os.makedirs(out, exist_ok=True)
    save_file({llada_name(n): stored(w, "F32") for n, w in params.items()}, os.path.join(out, "model.safetensors"),
              metadata={"format": "pt"})
    write_json(os.path.join(out, "config.json"), llada_config())
    reference["logits.llada-f32"] = logits_for({n: round_to(w, "F32") for n, w in params.items()})

    save_file({k: (v.astype(np.float32) if k.startswith("logits") else v) for k, v in reference.items()},
              os.path.join(HERE, "reference.safetensors"))
    for k, v in reference.items():
        if k.startswith("logits"):
            print(f"{k}: max |logit| {np.abs(v).max():.3f}")
    spread = np.abs(reference["logits.llama-bf16-sharded"] - reference["logits.llada-f32"]).max()
    print(f"BF16 vs F32 rounding moves the logits by up to {spread:.4f} (the test's tolerance is 1e-3)")


if __name__ == "__main__":
    main()
