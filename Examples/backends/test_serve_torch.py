#!/usr/bin/env python3
"""`make test-recorder` (second half): serve_torch.py against the Swift client, on a tiny random model.

The model is test_recorder.py's tiny bidirectional transformer saved as a Hugging Face folder with remote
code (config.json's auto_map → modeling_tiny.py), so serve_torch loads it the way it loads LLaDA:
`AutoModel.from_pretrained(..., trust_remote_code=True)`. For greedy, tempered, random-order and guided
settings, `unmask sample --backend 'python serve_torch.py …' --out FILE` (the workbench's ProcessEngine)
must stream, step by step, exactly the trajectory `record_generate` records from the same model and seed,
and end on plain `generate`'s tokens. Also prints the pipe's cost per step against the step's compute.

    /work/torch-venv/bin/python Examples/backends/test_serve_torch.py --unmask .build/debug/unmask
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "recorders"))
from record_llada import record_generate  # noqa: E402
from test_recorder import EOS, MASK, VOCAB, TinyDiffusionLM, reference_generate  # noqa: E402

MODELING = '''
import types
import torch
from transformers import PretrainedConfig, PreTrainedModel


class TinyConfig(PretrainedConfig):
    model_type = "tiny-llada"

    def __init__(self, vocab_size=24, mask_token_id=23, hidden=32, heads=2, layers=1, max_sequence_length=64, **kw):
        super().__init__(**kw)
        self.vocab_size, self.mask_token_id, self.hidden, self.heads = vocab_size, mask_token_id, hidden, heads
        self.layers, self.max_sequence_length = layers, max_sequence_length


class TinyModel(PreTrainedModel):
    """test_recorder.TinyDiffusionLM as a Hugging Face model: model(ids).logits [B, T, V]."""
    config_class = TinyConfig

    def __init__(self, config):
        super().__init__(config)
        c = config
        self.embed = torch.nn.Embedding(c.vocab_size, c.hidden)
        self.position = torch.nn.Embedding(c.max_sequence_length, c.hidden)
        layer = torch.nn.TransformerEncoderLayer(c.hidden, c.heads, 2 * c.hidden, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, c.layers, enable_nested_tensor=False)
        self.head = torch.nn.Linear(c.hidden, c.vocab_size)
        self.post_init()

    def forward(self, input_ids, **kwargs):
        h = self.embed(input_ids) + self.position(torch.arange(input_ids.shape[1], device=input_ids.device))[None]
        logits = 3.0 * self.head(self.encoder(h))
        logits[..., self.config.mask_token_id] = -1e4
        return types.SimpleNamespace(logits=logits)
'''

DREAM_MODELING = MODELING + '''

class TinyDreamModel(TinyModel):
    """TinyModel with a Dream-shaped diffusion_generate: the hook primed with (None, x, None), logits
    shifted one position right, a linspace time grid, the most confident masked proposals revealed, the
    hook after every step. Greedy only: it tests serve_torch's Dream adapter, not Dream."""

    def diffusion_generate(self, inputs, attention_mask=None, max_new_tokens=16, steps=16, temperature=0.0,
                           top_p=None, top_k=None, alg="maskgit_plus", alg_temp=0.0, output_history=False,
                           return_dict_in_generate=False, generation_tokens_hook_func=lambda i, x, logits: x):
        mask = self.config.mask_token_id
        x = torch.cat([inputs, torch.full((inputs.shape[0], max_new_tokens), mask, dtype=torch.long)], dim=1)
        timesteps = torch.linspace(1, 1e-3, steps + 1)
        x = generation_tokens_hook_func(None, x, None)
        for i in range(steps):
            masked = x == mask
            logits = self(x).logits
            logits = torch.cat([logits[:, :1], logits[:, :-1]], dim=1)
            confidence, proposal = torch.softmax(logits, dim=-1).max(dim=-1)
            for r in range(x.shape[0]):
                n = int(masked[r].sum())
                k = n if i == steps - 1 else int(n * (1 - timesteps[i + 1] / timesteps[i]))
                if k > 0:
                    chosen = torch.topk(torch.where(masked[r], confidence[r], -torch.inf), k).indices
                    x[r, chosen] = proposal[r, chosen]
            x = generation_tokens_hook_func(i, x, logits)
        return types.SimpleNamespace(sequences=x) if return_dict_in_generate else x
'''

CASES = [  # record_generate's names; the CLI's are below
    dict(steps=8, gen_length=16, block_length=8, temperature=0.0, cfg_scale=0.0, remasking="low_confidence", rows=1),
    dict(steps=6, gen_length=12, block_length=4, temperature=1.0, cfg_scale=0.0, remasking="low_confidence", rows=1),
    dict(steps=4, gen_length=8, block_length=8, temperature=0.7, cfg_scale=0.0, remasking="random", rows=2),
    dict(steps=8, gen_length=8, block_length=4, temperature=0.5, cfg_scale=0.5, remasking="low_confidence", rows=1),
]
PROMPT = [0, 1, 2]
SEED = 11


def save_tiny(folder):
    """The reference module's weights in a remote-code Hugging Face folder."""
    sys.path.insert(0, folder)
    with open(os.path.join(folder, "modeling_tiny.py"), "w") as f:
        f.write(MODELING)
    import modeling_tiny
    reference = TinyDiffusionLM()
    model = modeling_tiny.TinyModel(modeling_tiny.TinyConfig(vocab_size=VOCAB, mask_token_id=MASK))
    model.load_state_dict(reference.state_dict())
    model.config.auto_map = {"AutoConfig": "modeling_tiny.TinyConfig", "AutoModel": "modeling_tiny.TinyModel"}
    model.save_pretrained(folder)
    return reference


def sample(unmask, server, case, out):
    cli = ["--length", str(case["gen_length"]), "--steps", str(case["steps"]), "--block", str(case["block_length"]),
           "--temperature", str(case["temperature"]), "--cfg", str(case["cfg_scale"]),
           "--remasking", "low-confidence" if case["remasking"] == "low_confidence" else "random",
           "--rows", str(case["rows"]), "--seed", str(SEED), "--out", out]
    r = subprocess.run([unmask, "sample", "--backend", server, *cli, "--json"], capture_output=True, text=True)
    assert r.returncode == 0, f"unmask sample --backend failed for {case}:\n{r.stderr}"
    with open(out, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    return lines[0], lines[1:], json.loads(r.stdout)


def check_predict_and_elbo(server, reference):
    """The cursor's candidates and ELBO units, over the protocol, against the reference model in process."""
    import numpy as np
    from unmask_backend import ELBO_GROUP, elbo_unit
    child = subprocess.Popen(server, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert json.loads(child.stdout.readline())["type"] == "hello"
        tokens = PROMPT + [MASK, 5, MASK]
        sequence = PROMPT + [4, 5, 6, 7]
        for line in ({"type": "predict", "id": 1, "tokens": tokens, "k": 3},
                     {"type": "elbo", "id": 2, "tokens": sequence, "prefix": 3, "estimator": "llada", "units": 2}):
            child.stdin.write(json.dumps(line) + "\n")
        child.stdin.flush()
        replies = [json.loads(child.stdout.readline()) for _ in range(4)]  # predictions, 2 batches, done
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    with torch.no_grad():
        probs = torch.softmax(reference(torch.tensor([tokens])).logits[0].double(), dim=-1)
    top = next(r["top"] for r in replies if r["type"] == "predictions")
    for i, t in enumerate(tokens):
        want = [] if t != MASK else [[int(j), float(probs[i, j])] for j in torch.topk(probs[i], 3).indices]
        assert [c[0] for c in top[i]] == [c[0] for c in want], f"position {i}: {top[i]} != {want}"
        assert all(abs(a[1] - b[1]) < 1e-5 for a, b in zip(top[i], want))
    values = [v for r in replies if r["type"] == "elbo_units" for v in r["values"]]
    for u, value in enumerate(values):
        rows = elbo_unit("llada", len(sequence) - 3, ELBO_GROUP, np.random.default_rng([0, u]))
        total = 0.0
        for masked, weight in rows:
            x = torch.tensor([sequence])
            x[0, 3 + masked] = MASK
            with torch.no_grad():
                logp = torch.log_softmax(reference(x).logits[0].double(), dim=-1)
            total += weight * float(-sum(logp[3 + m, sequence[3 + m]] for m in masked))
        assert abs(value - total) < 1e-4, f"ELBO unit {u}: {value} != {total}"
    print(f"ok: predictions and {len(values)} ELBO units over the protocol equal the model's own")


def check_dream(unmask, tmp, reference):
    """serve_torch's Dream path on a Dream-shaped tiny model: the streamed steps rebuild the tokens a
    direct diffusion_generate call returns, commit by commit."""
    folder = os.path.join(tmp, "tiny-dream")
    os.makedirs(folder)
    with open(os.path.join(folder, "modeling_dream_tiny.py"), "w") as f:
        f.write(DREAM_MODELING)
    sys.path.insert(0, folder)
    import modeling_dream_tiny
    model = modeling_dream_tiny.TinyDreamModel(modeling_dream_tiny.TinyConfig(vocab_size=VOCAB, mask_token_id=MASK))
    model.load_state_dict(reference.state_dict())
    model.config.auto_map = {"AutoConfig": "modeling_dream_tiny.TinyConfig",
                             "AutoModel": "modeling_dream_tiny.TinyDreamModel"}
    model.save_pretrained(folder)
    with torch.no_grad():
        direct = model.diffusion_generate(torch.tensor([PROMPT]), max_new_tokens=12, steps=6).tolist()
    server = (f"{sys.executable} {os.path.join(HERE, 'serve_torch.py')} --model {folder} --device cpu "
              f"--prompt-ids {','.join(map(str, PROMPT))}")
    case = dict(steps=6, gen_length=12, block_length=12, temperature=0.0, cfg_scale=0.0, remasking="low_confidence", rows=1)
    header, steps, _ = sample(unmask, server, case, os.path.join(tmp, "dream.jsonl"))
    tokens = header["initial_tokens"][0]
    for k, step in enumerate(steps):
        row = step["rows"][0]
        assert row["commits"], f"Dream step {k} streamed without commits"
        for c in row["commits"]:
            assert tokens[c["pos"]] == MASK, f"Dream step {k} commits position {c['pos']} twice"
            tokens[c["pos"]] = c["token"]
        assert tokens == row["tokens"], f"Dream step {k}: tokens disagree with the commits"
    assert [tokens] == direct, f"streamed {tokens}, diffusion_generate returned {direct[0]}"
    assert steps[-1]["rows"][0]["nfe"] == 6
    print(f"ok: Dream path: {len(steps)} streamed steps rebuild diffusion_generate's tokens")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unmask", required=True, help="the built unmask binary")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "tiny-llada")
        os.makedirs(folder)
        reference = save_tiny(folder)
        server = (f"{sys.executable} {os.path.join(HERE, 'serve_torch.py')} --model {folder} --device cpu "
                  f"--prompt-ids {','.join(map(str, PROMPT))} --eos-ids {EOS}")
        for case in CASES:
            rows = case["rows"]
            settings = {k: v for k, v in case.items() if k != "rows"}
            prompt = torch.tensor([PROMPT] * rows)
            recorded = record_generate(reference, prompt, mask_id=MASK, eos_token_ids=[EOS], seed=SEED, **settings)
            plain = reference_generate(reference, prompt, seed=SEED, **settings)
            header, steps, summary = sample(args.unmask, server, case, os.path.join(tmp, "streamed.jsonl"))
            assert header["mask_token_id"] == MASK and header["problem"]["prompts"] == prompt.tolist()
            assert len(steps) == len(recorded.steps), f"{case}: {len(steps)} steps streamed, {len(recorded.steps)} recorded"
            for k, (got, want) in enumerate(zip(steps, recorded.steps)):
                for r in range(rows):
                    g, w = got["rows"][r], want["rows"][r]
                    assert g["tokens"] == w["tokens"], f"{case}: step {k} row {r} tokens {g['tokens']} != {w['tokens']}"
                    assert [(c["pos"], c["token"]) for c in g["commits"]] == [(c["pos"], c["token"]) for c in w["commits"]]
                    assert all(abs(a["conf"] - b["conf"]) < 1e-5 for a, b in zip(g["commits"], w["commits"]))
                    assert g["nfe"] == w["nfe"] and g["block"] == w["block"], f"{case}: step {k} nfe/block"
            assert [s["rows"][r]["tokens"] for s in steps[-1:] for r in range(rows)] == plain.tolist(), \
                f"{case}: final tokens differ from plain generate"
            print(f"ok: {case}: {len(steps)} streamed steps equal record_generate's, final tokens equal generate's")

        check_predict_and_elbo(server, reference)
        check_dream(args.unmask, tmp, reference)

        # The pipe's cost: a long sample of the tiny model, where the step's compute is small.
        header, steps, s = sample(args.unmask, server, dict(steps=60, gen_length=60, block_length=60, temperature=0.0,
                                                            cfg_scale=0.0, remasking="low_confidence", rows=1),
                                  os.path.join(tmp, "timing.jsonl"))
        n = len(steps)
        print(f"timing: {n} steps · {1000 * s['seconds'] / n:.2f} ms a step seen by unmask · "
              f"{1000 * s['backend_seconds'] / n:.2f} ms in serve_torch · {1000 * s['forward_seconds'] / n:.2f} ms forward · "
              f"{1000 * (s['seconds'] - s['backend_seconds']) / n:.2f} ms a step on the pipe")


if __name__ == "__main__":
    main()
