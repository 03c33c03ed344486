"""The Unmask engine's transformer in PyTorch, as Hugging Face remote code (docs/architecture.md §1.1):
token embedding over V real tokens plus the mask (row V), pre-RMSNorm blocks (eps from the config),
bidirectional multi-head attention with rotate-half RoPE, a SwiGLU MLP, a final RMSNorm and a head over the
V real tokens. Tensor names are the checkpoint's (docs/file-formats.md §1), so an Unmask checkpoint folder
becomes a Hugging Face folder by adding `auto_map` to its config.json and this file (test_parity.py does):

    AutoModel.from_pretrained(folder, trust_remote_code=True)(ids).logits   # [B, T, V + 1], column V = -inf

The extra column is the mask id's, at -inf: samplers index logits by the mask id (LLaDA's `generate` does).
"""

import types

import torch
from transformers import PretrainedConfig, PreTrainedModel


class UnmaskConfig(PretrainedConfig):
    model_type = "unmask"

    def __init__(self, vocab_size=32, hidden_size=64, intermediate_size=256, num_hidden_layers=2,
                 num_attention_heads=2, max_position_embeddings=64, rms_norm_eps=1e-5, rope_theta=1e4,
                 mask_token_id=None, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size, self.hidden_size, self.intermediate_size = vocab_size, hidden_size, intermediate_size
        self.num_hidden_layers, self.num_attention_heads = num_hidden_layers, num_attention_heads
        self.max_position_embeddings, self.rms_norm_eps, self.rope_theta = max_position_embeddings, rms_norm_eps, rope_theta
        self.mask_token_id = vocab_size if mask_token_id is None else mask_token_id


class RMSNorm(torch.nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight, self.eps = torch.nn.Parameter(torch.ones(d)), eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    a, b = x.chunk(2, dim=-1)
    return torch.cat([-b, a], dim=-1)


class Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        d, ff = c.hidden_size, c.intermediate_size
        linear = lambda i, o: torch.nn.Linear(i, o, bias=False)
        self.input_layernorm, self.post_attention_layernorm = RMSNorm(d, c.rms_norm_eps), RMSNorm(d, c.rms_norm_eps)
        self.self_attn = torch.nn.Module()
        for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
            setattr(self.self_attn, name, linear(d, d))
        self.mlp = torch.nn.Module()
        self.mlp.gate_proj, self.mlp.up_proj, self.mlp.down_proj = linear(d, ff), linear(d, ff), linear(ff, d)
        self.heads = c.num_attention_heads

    def forward(self, x, cos, sin):
        B, T, d = x.shape
        hd = d // self.heads
        h = self.input_layernorm(x)
        split = lambda y: y.view(B, T, self.heads, hd).transpose(1, 2)  # [B, H, T, hd]
        q, k, v = (split(getattr(self.self_attn, n)(h)) for n in ("q_proj", "k_proj", "v_proj"))
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        a = torch.softmax(q @ k.transpose(-1, -2) / hd ** 0.5, dim=-1)  # no causal mask
        x = x + self.self_attn.o_proj((a @ v).transpose(1, 2).reshape(B, T, d))
        h = self.post_attention_layernorm(x)
        return x + self.mlp.down_proj(torch.nn.functional.silu(self.mlp.gate_proj(h)) * self.mlp.up_proj(h))


class UnmaskModel(PreTrainedModel):
    config_class = UnmaskConfig

    def __init__(self, config):
        super().__init__(config)
        c = config
        self.model = torch.nn.Module()
        self.model.embed_tokens = torch.nn.Embedding(c.vocab_size + 1, c.hidden_size)
        self.model.layers = torch.nn.ModuleList(Block(c) for _ in range(c.num_hidden_layers))
        self.model.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.lm_head = torch.nn.Linear(c.hidden_size, c.vocab_size, bias=False)
        self.post_init()

    def forward(self, input_ids, **kwargs):
        c = self.config
        T, hd = input_ids.shape[1], c.hidden_size // c.num_attention_heads
        freqs = c.rope_theta ** (-torch.arange(0, hd, 2, dtype=torch.float32, device=input_ids.device) / hd)
        angles = torch.arange(T, dtype=torch.float32, device=input_ids.device)[:, None] * freqs[None]
        cos, sin = torch.cat([angles.cos()] * 2, -1), torch.cat([angles.sin()] * 2, -1)
        x = self.model.embed_tokens(input_ids)
        for block in self.model.layers:
            x = block(x, cos, sin)
        logits = self.lm_head(self.model.norm(x))
        mask_column = torch.full_like(logits[..., :1], -torch.inf)
        return types.SimpleNamespace(logits=torch.cat([logits, mask_column], dim=-1))
