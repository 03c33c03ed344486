#!/usr/bin/env python3
"""A randomly initialised Hugging Face folder of Qwen3-0.6B's shape, for the memory and speed
figures of docs/measurements.md §9 (no released weights are needed to time the engine).

    /path/to/venv/bin/python Benchmarks/make_random_hf_model.py OUT_DIR

Writes OUT_DIR/config.json (Qwen3: 28 layers, hidden 1024, 16 heads over 8 key/value heads of 128,
intermediate 3072, vocabulary 151,936, tied embeddings, mask_token_id 151,669 as the dllm project's
Qwen3 diffusion models use), model.safetensors in BF16 (1.2 GB) and an Unmask vocabulary
tokenizer.json with one placeholder token per row ("<0>", "<1>", ...), so `unmask sample --model
OUT_DIR` and `unmask tui --model OUT_DIR` open it in place. Needs torch and transformers.
"""

import json
import os
import sys

import torch
from transformers import Qwen3Config, Qwen3ForCausalLM

out = sys.argv[1]
torch.manual_seed(0)
config = Qwen3Config(
    vocab_size=151936, hidden_size=1024, intermediate_size=3072, num_hidden_layers=28, num_attention_heads=16,
    num_key_value_heads=8, head_dim=128, max_position_embeddings=40960, rms_norm_eps=1e-6, rope_theta=1000000.0,
    tie_word_embeddings=True)
with torch.device("cpu"):
    model = Qwen3ForCausalLM(config).to(torch.bfloat16)
model.save_pretrained(out, safe_serialization=True, max_shard_size="8GB")
with open(os.path.join(out, "config.json")) as f:
    c = json.load(f)
c["mask_token_id"] = 151669
with open(os.path.join(out, "config.json"), "w") as f:
    json.dump(c, f, indent=2, sort_keys=True)
with open(os.path.join(out, "tokenizer.json"), "w") as f:
    json.dump({"kind": "vocabulary", "tokens": [f"<{i}>" for i in range(config.vocab_size)]}, f)
print(sum(p.numel() for p in model.parameters()), "parameters")
