#!/usr/bin/env python3
"""Independent numpy reference for the Unmask transformer: forward, weighted CE loss, gradients.

Writes the parity fixtures that the Swift transformer test matches:

    parity/config.json          model config (vocab_size = V real tokens; mask id = V)
    parity/model.safetensors    F32 weights, PyTorch/LLaMA names ([out, in] linears)
    parity/case.safetensors     batch with one row whose last 2 keys are padding
    parity/case_nopad.safetensors  a second batch, no padding

Each case holds: tokens I64 [B,T], key_valid I64 [B,T], targets I64 [B,T],
weights F32 [B,T], logits F32 [B,T,V], loss F64 [] (rank 0), and
grad.<param name> F32 (same shape as the parameter) for every parameter.

Model: bidirectional pre-norm LLaMA block (RMSNorm eps 1e-5, rotate-half RoPE
theta 1e4, key-padding mask, SwiGLU MLP), final RMSNorm, lm_head over the V real
tokens. Loss = sum_{b,t} w[b,t] * (logsumexp(logits[b,t]) - logits[b,t,target]).

The weights are drawn with a fixed seed and rounded to float32; forward and a
hand-written backward then run entirely in float64. Before anything is written
the backward is checked against fourth-order central finite differences
(float64, h = 1e-3) on random
coordinates of every parameter tensor plus random full-parameter directional
derivatives; the script raises (no files written) if any relative error
reaches 1e-6. Output is deterministic: reruns reproduce the files bit for bit.

Rerun from the package root:

    python3 Tests/MaskedDiffusionTests/Fixtures/make_parity_fixture.py

Needs numpy and the `safetensors` Python package (pip install safetensors).
"""

import json
import os

import numpy as np
from safetensors.numpy import save_file

# ---------------------------------------------------------------- config
V, D, L, H, F = 11, 16, 2, 2, 24
B, T = 3, 7
HD = D // H
EPS = 1e-5
THETA = 10000.0
MASK = V
SEED = 20240611

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parity")


def param_shapes():
    shapes = {"model.embed_tokens.weight": (V + 1, D)}
    for i in range(L):
        p = f"model.layers.{i}."
        shapes[p + "input_layernorm.weight"] = (D,)
        for n in ("q_proj", "k_proj", "v_proj", "o_proj"):
            shapes[p + f"self_attn.{n}.weight"] = (D, D)
        shapes[p + "post_attention_layernorm.weight"] = (D,)
        shapes[p + "mlp.gate_proj.weight"] = (F, D)
        shapes[p + "mlp.up_proj.weight"] = (F, D)
        shapes[p + "mlp.down_proj.weight"] = (D, F)
    shapes["model.norm.weight"] = (D,)
    shapes["lm_head.weight"] = (V, D)
    return shapes


def make_params(rng):
    params = {}
    for name, shape in param_shapes().items():
        if len(shape) == 1:  # norm gains: near 1 but not 1
            w = 1.0 + 0.1 * rng.standard_normal(shape)
        else:
            w = 0.3 * rng.standard_normal(shape)
        # Round to float32 first; everything downstream is float64 on these values.
        params[name] = w.astype(np.float32).astype(np.float64)
    return params


# ---------------------------------------------------------------- pieces
def rope_tables(t):
    inv_freq = THETA ** (-np.arange(0, HD // 2, dtype=np.float64) * 2.0 / HD)
    ang = np.arange(t, dtype=np.float64)[:, None] * inv_freq[None, :]  # [T, hd/2]
    ang = np.concatenate([ang, ang], axis=-1)  # [T, hd]
    return np.cos(ang), np.sin(ang)


def rotate_half(x):
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def rotate_half_T(z):
    # Adjoint of rotate_half: <rotate_half(x), z> = <x, rotate_half_T(z)>.
    h = z.shape[-1] // 2
    return np.concatenate([z[..., h:], -z[..., :h]], axis=-1)


def rope(x, cos, sin):
    return x * cos + rotate_half(x) * sin


def rope_back(dy, cos, sin):
    return dy * cos + rotate_half_T(dy * sin)


def rmsnorm(x, g):
    r = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    n = x * r
    return n * g, (n, r)


def rmsnorm_back(dy, g, cache):
    n, r = cache
    dn = dy * g
    dg = np.sum(dy * n, axis=tuple(range(dy.ndim - 1)))
    dx = r * (dn - n * np.mean(dn * n, axis=-1, keepdims=True))
    return dx, dg


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def split_heads(x):  # [B,T,D] -> [B,H,T,hd]
    b, t, _ = x.shape
    return x.reshape(b, t, H, HD).transpose(0, 2, 1, 3)


def merge_heads(x):  # [B,H,T,hd] -> [B,T,D]
    b, _, t, _ = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, t, D)


# ---------------------------------------------------------------- forward / backward
def forward(params, tokens, key_valid, targets, weights, keep=False):
    b, t = tokens.shape
    cos, sin = rope_tables(t)
    kmask = key_valid[:, None, None, :] != 0  # [B,1,1,T]
    scale = 1.0 / np.sqrt(HD)
    caches = []
    x = params["model.embed_tokens.weight"][tokens]
    for i in range(L):
        p = f"model.layers.{i}."
        c = {"x_in": x}
        h, c["n1"] = rmsnorm(x, params[p + "input_layernorm.weight"])
        c["h"] = h
        q = split_heads(h @ params[p + "self_attn.q_proj.weight"].T)
        k = split_heads(h @ params[p + "self_attn.k_proj.weight"].T)
        v = split_heads(h @ params[p + "self_attn.v_proj.weight"].T)
        qr, kr = rope(q, cos, sin), rope(k, cos, sin)
        s = np.einsum("bhqd,bhkd->bhqk", qr, kr) * scale
        s = np.where(kmask, s, -np.inf)
        s = s - s.max(axis=-1, keepdims=True)
        e = np.exp(s)
        P = e / e.sum(axis=-1, keepdims=True)
        o = merge_heads(np.einsum("bhqk,bhkd->bhqd", P, v))
        c.update(qr=qr, kr=kr, v=v, P=P, o=o)
        x = x + o @ params[p + "self_attn.o_proj.weight"].T
        c["x_mid"] = x
        h2, c["n2"] = rmsnorm(x, params[p + "post_attention_layernorm.weight"])
        a = h2 @ params[p + "mlp.gate_proj.weight"].T
        u = h2 @ params[p + "mlp.up_proj.weight"].T
        sg = sigmoid(a)
        m = a * sg * u
        c.update(h2=h2, a=a, u=u, sg=sg, m=m)
        x = x + m @ params[p + "mlp.down_proj.weight"].T
        caches.append(c)
    hf, nf = rmsnorm(x, params["model.norm.weight"])
    logits = hf @ params["lm_head.weight"].T  # [B,T,V]
    zmax = logits.max(axis=-1, keepdims=True)
    lse = (zmax + np.log(np.exp(logits - zmax).sum(axis=-1, keepdims=True)))[..., 0]
    zy = np.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]
    loss = float(np.sum(weights * (lse - zy)))
    if not keep:
        return logits, loss
    return logits, loss, dict(caches=caches, hf=hf, nf=nf, lse=lse, cos=cos, sin=sin)


def backward(params, tokens, key_valid, targets, weights):
    logits, loss, st = forward(params, tokens, key_valid, targets, weights, keep=True)
    cos, sin = st["cos"], st["sin"]
    scale = 1.0 / np.sqrt(HD)
    g = {name: np.zeros_like(w) for name, w in params.items()}

    # d loss / d logits = w * (softmax - onehot)
    dz = np.exp(logits - st["lse"][..., None])
    onehot = np.zeros_like(dz)
    np.put_along_axis(onehot, targets[..., None], 1.0, axis=-1)
    dz = (dz - onehot) * weights[..., None]

    g["lm_head.weight"] = np.einsum("btv,btd->vd", dz, st["hf"])
    dhf = dz @ params["lm_head.weight"]
    dx, g["model.norm.weight"] = rmsnorm_back(dhf, params["model.norm.weight"], st["nf"])

    for i in reversed(range(L)):
        p = f"model.layers.{i}."
        c = st["caches"][i]
        # MLP residual: x_out = x_mid + m Wd^T
        Wd = params[p + "mlp.down_proj.weight"]
        g[p + "mlp.down_proj.weight"] = np.einsum("btd,btf->df", dx, c["m"])
        dm = dx @ Wd
        a, u, sg = c["a"], c["u"], c["sg"]
        du = dm * a * sg
        da = dm * u * sg * (1.0 + a * (1.0 - sg))
        g[p + "mlp.gate_proj.weight"] = np.einsum("btf,btd->fd", da, c["h2"])
        g[p + "mlp.up_proj.weight"] = np.einsum("btf,btd->fd", du, c["h2"])
        dh2 = da @ params[p + "mlp.gate_proj.weight"] + du @ params[p + "mlp.up_proj.weight"]
        dxm, g[p + "post_attention_layernorm.weight"] = rmsnorm_back(
            dh2, params[p + "post_attention_layernorm.weight"], c["n2"])
        dx = dx + dxm
        # Attention residual: x_mid = x_in + o Wo^T
        g[p + "self_attn.o_proj.weight"] = np.einsum("btd,bte->de", dx, c["o"])
        do = split_heads(dx @ params[p + "self_attn.o_proj.weight"])
        P, v, qr, kr = c["P"], c["v"], c["qr"], c["kr"]
        dP = np.einsum("bhqd,bhkd->bhqk", do, v)
        dv = np.einsum("bhqk,bhqd->bhkd", P, do)
        ds = P * (dP - np.sum(dP * P, axis=-1, keepdims=True)) * scale
        dqr = np.einsum("bhqk,bhkd->bhqd", ds, kr)
        dkr = np.einsum("bhqk,bhqd->bhkd", ds, qr)
        dq = merge_heads(rope_back(dqr, cos, sin))
        dk = merge_heads(rope_back(dkr, cos, sin))
        dv = merge_heads(dv)
        h = c["h"]
        g[p + "self_attn.q_proj.weight"] = np.einsum("bte,btd->ed", dq, h)
        g[p + "self_attn.k_proj.weight"] = np.einsum("bte,btd->ed", dk, h)
        g[p + "self_attn.v_proj.weight"] = np.einsum("bte,btd->ed", dv, h)
        dh = (dq @ params[p + "self_attn.q_proj.weight"]
              + dk @ params[p + "self_attn.k_proj.weight"]
              + dv @ params[p + "self_attn.v_proj.weight"])
        dxa, g[p + "input_layernorm.weight"] = rmsnorm_back(
            dh, params[p + "input_layernorm.weight"], c["n1"])
        dx = dx + dxa

    np.add.at(g["model.embed_tokens.weight"], tokens.reshape(-1), dx.reshape(-1, D))
    return logits, loss, g


# ---------------------------------------------------------------- finite differences
def central(f, h):
    # Fourth-order central difference: error O(h^4) truncation + O(eps_mach*|L|/h) rounding.
    return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)


def fd_check(params, case, rng, per_tensor=6, n_dirs=4, h=1e-3, tol=1e-6):
    tokens, key_valid, targets, weights = case
    _, loss, g = backward(params, *case)

    def loss_at(pp):
        return forward(pp, tokens, key_valid, targets, weights)[1]

    used_rows = np.unique(tokens)
    worst = 0.0
    n_checked = 0
    for name, w in params.items():
        for _ in range(per_tensor):
            if name == "model.embed_tokens.weight":
                idx = (int(rng.choice(used_rows)), int(rng.integers(D)))
            else:
                idx = tuple(int(rng.integers(s)) for s in w.shape)
            def f(eps):
                wq = w.copy()
                wq[idx] += eps
                pp = dict(params)
                pp[name] = wq
                return loss_at(pp)
            fd = central(f, h)
            an = g[name][idx]
            denom = max(abs(fd), abs(an), 1e-4)
            rel = abs(fd - an) / denom
            worst = max(worst, rel)
            n_checked += 1
            if not rel < tol:
                raise AssertionError(
                    f"FD mismatch {name}{idx}: analytic {an!r} fd {fd!r} rel {rel:.3e}")
    # Embedding rows for tokens that never occur must have exactly zero gradient.
    unused = np.setdiff1d(np.arange(V + 1), used_rows)
    assert np.all(g["model.embed_tokens.weight"][unused] == 0.0)

    # Random directions through all parameters at once.
    worst_dir = 0.0
    for _ in range(n_dirs):
        dirs = {n: rng.standard_normal(w.shape) for n, w in params.items()}
        norm = np.sqrt(sum(float(np.sum(d * d)) for d in dirs.values()))
        dirs = {n: d / norm for n, d in dirs.items()}  # unit direction
        an = sum(float(np.sum(g[n] * dirs[n])) for n in params)
        fd = central(lambda eps: loss_at({n: params[n] + eps * dirs[n] for n in params}), h)
        rel = abs(fd - an) / max(abs(fd), abs(an), 1e-4)
        worst_dir = max(worst_dir, rel)
        if not rel < tol:
            raise AssertionError(f"FD directional mismatch: analytic {an!r} fd {fd!r} rel {rel:.3e}")
    return worst, n_checked, worst_dir


# ---------------------------------------------------------------- cases
def make_case(rng, pad):
    tokens = rng.integers(0, V, size=(B, T))
    mask_pos = rng.random((B, T)) < 0.4
    mask_pos[0, 1] = mask_pos[2, 4] = True  # at least a couple of masks
    tokens = np.where(mask_pos, MASK, tokens).astype(np.int64)
    key_valid = np.ones((B, T), dtype=np.int64)
    targets = rng.integers(0, V, size=(B, T)).astype(np.int64)
    # Varied positive weights, some zeros (e.g. unmasked positions).
    weights = rng.uniform(0.1, 1.5, size=(B, T))
    weights[rng.random((B, T)) < 0.3] = 0.0
    weights[0, 1] = 0.7
    if pad:
        key_valid[1, T - 2:] = 0
        weights[1, T - 2:] = 0.0  # padded positions carry no loss
        tokens[1, T - 2:] = 0     # arbitrary filler id
    weights = weights.astype(np.float32).astype(np.float64)
    return tokens, key_valid, targets, weights


def case_tensors(params, case):
    tokens, key_valid, targets, weights = case
    logits, loss, g = backward(params, *case)
    out = {
        "tokens": tokens.astype(np.int64),
        "key_valid": key_valid.astype(np.int64),
        "targets": targets.astype(np.int64),
        "weights": weights.astype(np.float32),
        "logits": logits.astype(np.float32),
        "loss": np.array(loss, dtype=np.float64),  # rank 0
    }
    for name, gv in g.items():
        out["grad." + name] = np.ascontiguousarray(gv.astype(np.float32))
    return out, loss, g


def main():
    rng = np.random.default_rng(SEED)
    params = make_params(rng)
    cases = {"case": make_case(rng, pad=True), "case_nopad": make_case(rng, pad=False)}

    fd_rng = np.random.default_rng(SEED + 1)
    results = {}
    for cname, case in cases.items():
        worst, n, worst_dir = fd_check(params, case, fd_rng)
        results[cname] = (worst, n, worst_dir)
        print(f"{cname}: FD check OK, {n} coordinates max rel err {worst:.3e}; "
              f"directional max rel err {worst_dir:.3e}")

    # Sanity: padded keys must not influence valid positions' outputs.
    tokens, key_valid, targets, weights = cases["case"]
    t2 = tokens.copy()
    t2[1, T - 2:] = MASK
    l1 = forward(params, tokens, key_valid, targets, weights)[0]
    l2 = forward(params, t2, key_valid, targets, weights)[0]
    assert np.array_equal(l1[1, :T - 2], l2[1, :T - 2])
    # ...and equal the same row run unpadded at length T-2 (same RoPE positions).
    l3 = forward(params, tokens[1:2, :T - 2], key_valid[1:2, :T - 2],
                 targets[1:2, :T - 2], weights[1:2, :T - 2])[0]
    assert np.allclose(l1[1, :T - 2], l3[0], rtol=0, atol=1e-12)

    os.makedirs(OUT_DIR, exist_ok=True)
    config = {
        "vocab_size": V,
        "hidden_size": D,
        "num_hidden_layers": L,
        "num_attention_heads": H,
        "intermediate_size": F,
        "max_position_embeddings": 16,
        "rms_norm_eps": EPS,
        "rope_theta": THETA,
    }
    with open(os.path.join(OUT_DIR, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=False)
        f.write("\n")
    save_file({n: np.ascontiguousarray(w.astype(np.float32)) for n, w in params.items()},
              os.path.join(OUT_DIR, "model.safetensors"))
    for cname, case in cases.items():
        tensors, loss, g = case_tensors(params, case)
        save_file(tensors, os.path.join(OUT_DIR, cname + ".safetensors"))
        gmax = max(float(np.abs(v).max()) for v in g.values())
        print(f"{cname}: loss {loss:.12f}, max |logit| {np.abs(tensors['logits']).max():.3f}, "
              f"max |grad| {gmax:.3f}")


if __name__ == "__main__":
    main()
