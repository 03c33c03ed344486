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
    """TinyModel with Dream's `diffusion_generate` loop, written from Dream's generation_utils.py as its own
    reference (independent of serve_torch's dream_step.py): pad with masks, prime the token hook with
    (None, x, None), then per step: shifted logits, proposals from tempered / top-p / top-k filtered
    probabilities, origin's per-position coin flips or the int(mean masked · (1 - s/t)) best scores (or a
    draw at alg_temp), and the hook with the new tokens."""

    def diffusion_generate(self, inputs, attention_mask=None, max_new_tokens=16, steps=16, eps=1e-3, temperature=0.0,
                           top_p=None, top_k=None, alg="maskgit_plus", alg_temp=0.0, output_history=False,
                           return_dict_in_generate=False, generation_tokens_hook_func=lambda i, x, logits: x):
        import torch.distributions as dists
        mask = self.config.mask_token_id
        minimum = torch.finfo(torch.float32).min

        def sample(logits):
            if temperature > 0:
                logits = logits / temperature
            if top_p is not None and top_p < 1:
                ordered, order = torch.sort(logits, descending=True)
                drop = torch.cumsum(torch.softmax(ordered, dim=-1), dim=-1) > top_p
                drop[..., 1:] = drop[..., :-1].clone()
                drop[..., 0] = 0
                logits = logits.masked_fill(torch.zeros_like(logits, dtype=torch.bool).scatter_(-1, order, drop), minimum)
            if top_k is not None:
                logits = logits.masked_fill(logits < torch.topk(logits, top_k)[0][..., -1, None], minimum)
            probs = torch.softmax(logits, dim=-1)
            if temperature > 0:
                x0 = dists.Categorical(probs=probs).sample()
                confidence = torch.gather(probs, -1, x0.unsqueeze(-1)).squeeze(-1)
            else:
                confidence, x0 = probs.max(dim=-1)
            if alg == "topk_margin":
                top = torch.sort(probs, dim=-1, descending=True)[0]
                confidence = top[:, 0] - top[:, 1]
            if alg == "entropy":
                confidence = torch.sum(probs * torch.log(probs + 1e-10), dim=-1)
            return confidence, x0

        x = torch.nn.functional.pad(inputs, (0, max_new_tokens), value=mask)
        timesteps = torch.linspace(1, eps, steps + 1)
        x = generation_tokens_hook_func(None, x, None)
        for i in range(steps):
            masked = x == mask
            logits = self(x).logits
            logits = torch.cat([logits[:, :1], logits[:, :-1]], dim=1)
            t, s = timesteps[i], timesteps[i + 1]
            if alg == "origin":
                x0 = torch.zeros_like(x[masked]) + mask
                flips = torch.rand(*x0.shape) < (1 - s / t if i < steps - 1 else 1)
                _, x0[flips] = sample(logits[masked][flips])
                x[masked] = x0.clone()
            else:
                confidence, x0 = sample(logits[masked])
                count = masked.sum() / masked.shape[0]
                n = int(count * (1 - s / t)) if i < steps - 1 else int(count)
                full = torch.full_like(x, -torch.inf, dtype=logits.dtype)
                full[masked] = confidence
                if n > 0:
                    if not alg_temp:
                        chosen = torch.topk(full, n).indices
                    else:
                        chosen = torch.multinomial(torch.softmax(full / alg_temp, dim=-1), num_samples=n)
                    proposed = torch.zeros_like(x) + mask
                    proposed[masked] = x0.clone()
                    rows = torch.arange(x.shape[0]).unsqueeze(1).expand_as(chosen)
                    x[rows, chosen] = proposed[rows, chosen]
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
    """The reference module's weights in a remote-code Hugging Face folder, with a word-level tokenizer
    (id i decodes to "w<i>"), so serve_torch answers `tokens` requests through the HF tokenizer."""
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast
    words = Tokenizer(models.WordLevel({f"w{i}": i for i in range(VOCAB)}, unk_token="w0"))
    PreTrainedTokenizerFast(tokenizer_object=words).save_pretrained(folder)
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


def sample(unmask, server, case, out, remasking=None):
    cli = ["--length", str(case["gen_length"]), "--steps", str(case["steps"]), "--block", str(case["block_length"]),
           "--temperature", str(case["temperature"]), "--cfg", str(case["cfg_scale"]),
           "--remasking", remasking or ("low-confidence" if case["remasking"] == "low_confidence" else "random"),
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


class Conversation:
    """A serve_torch child spoken to line by line: `ask` writes requests, then reads until each is done."""

    def __init__(self, server):
        self.child = subprocess.Popen(server, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.hello = json.loads(self.child.stdout.readline())

    def ask(self, *requests):
        """The step lines of each request, by request (all must end in `done`)."""
        for line in requests:
            self.child.stdin.write(json.dumps(line) + "\n")
        self.child.stdin.flush()
        steps, open_ = {r["id"]: [] for r in requests}, {r["id"] for r in requests}
        while open_:
            line = json.loads(self.child.stdout.readline())
            assert line["type"] in ("step", "done"), f"unexpected reply {line}"
            (steps[line["id"]].append(line) if line["type"] == "step" else open_.discard(line["id"]))
        return [steps[r["id"]] for r in requests]

    def close(self):
        self.child.stdin.close()
        self.child.wait(timeout=30)


def dream_reference(model, seed, **settings):
    """diffusion_generate's tokens as its hook sees them: [initial, after step 0, after step 1, …]."""
    seen = []

    def hook(i, x, logits):
        seen.append(x[0].tolist())
        return x

    torch.manual_seed(seed)
    with torch.no_grad():
        model.diffusion_generate(torch.tensor([PROMPT]), generation_tokens_hook_func=hook, **settings)
    return seen


def check_dream_steps(streamed, seen, label):
    """The streamed steps are the reference's steps that revealed something, in order, each with its NFE
    (steps so far), numbered consecutively, and the run ends on the reference's tokens."""
    want = [(i + 1, x) for i, x in enumerate(seen[1:]) if x != seen[i]]
    got = [(step["rows"][0]["nfe"], step["rows"][0]["tokens"]) for step in streamed]
    assert got == want, f"{label}: streamed (nfe, tokens) {got} != diffusion_generate's {want}"
    assert [step["step"] for step in streamed] == list(range(streamed[0]["step"], streamed[0]["step"] + len(streamed)))
    assert got[-1][1] == seen[-1], f"{label}: final tokens differ from diffusion_generate's"


def check_dream(unmask, tmp, reference):
    """serve_torch's Dream loop against the Dream-shaped tiny model's diffusion_generate, from masks (greedy,
    tempered, random order, nucleus/top-k with drawn positions) and resumed from a mid-run state."""
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
    server = (f"{sys.executable} {os.path.join(HERE, 'serve_torch.py')} --model {folder} --device cpu "
              f"--prompt-ids {','.join(map(str, PROMPT))}")
    cli = [("maskgit_plus", dict(temperature=0.0, remasking="low-confidence")),
           ("topk_margin", dict(temperature=0.9, remasking="margin")),
           ("origin", dict(temperature=1.0, remasking="random"))]
    for alg, setting in cli:
        seen = dream_reference(model, SEED, max_new_tokens=12, steps=6, alg=alg, temperature=setting["temperature"])
        case = dict(steps=6, gen_length=12, block_length=12, cfg_scale=0.0, rows=1, temperature=setting["temperature"])
        _, streamed, _ = sample(unmask, server, case, os.path.join(tmp, "dream.jsonl"), remasking=setting["remasking"])
        check_dream_steps(streamed, seen, alg)
        print(f"ok: Dream {alg} at temperature {setting['temperature']}: {len(streamed)} streamed steps equal "
              f"diffusion_generate's, step for step")

    # Nucleus, top-k and drawn positions (alg_temp) over the protocol itself.
    sampler = {"strategy": "llada", "generation_length": 12, "steps": 6, "temperature": 0.8, "top_p": 0.9, "top_k": 5,
               "remasking": "entropy", "candidates": 2}
    request = {"type": "sample", "id": 1, "seed": SEED, "problem": {"prompts": [PROMPT]}, "sampler": sampler}
    seen = dream_reference(model, SEED, max_new_tokens=12, steps=6, alg="entropy", temperature=0.8, top_p=0.9, top_k=5,
                           alg_temp=0.5)
    drawn = Conversation(server + " --alg-temp 0.5")
    check_dream_steps(drawn.ask(request)[0], seen, "entropy, top-p, top-k, alg_temp")
    drawn.close()
    print("ok: Dream entropy with top_p, top_k and alg_temp equals diffusion_generate's, step for step")

    # A start state taken from step k of a greedy run resumes the same remaining trajectory.
    greedy = dict(sampler, temperature=0.0, remasking="low-confidence", top_p=None, top_k=None, steps=8)
    backend = Conversation(server)
    whole = backend.ask(dict(request, sampler=greedy))[0]
    starts = [dict(request, id=2 + k, sampler=greedy, start={"tokens": [whole[k]["rows"][0]["tokens"]],
                                                             "nfe": [whole[k]["rows"][0]["nfe"]], "first_step": k + 1})
              for k in range(len(whole) - 1)]
    pinned = list(whole[1]["rows"][0]["tokens"])
    where = pinned.index(MASK)
    pinned[where] = 5
    pin = dict(request, id=99, sampler=greedy, start={"tokens": [pinned], "nfe": [whole[1]["rows"][0]["nfe"]],
                                                      "first_step": 2})
    *replies, branch = backend.ask(*starts, pin)
    for k, resumed in enumerate(replies):
        key = lambda x: (x["step"], x["rows"][0]["tokens"], x["rows"][0]["nfe"], x["rows"][0]["commits"])
        assert list(map(key, resumed)) == list(map(key, whole[k + 1:])), \
            f"resumed after step {k}: the remaining trajectory differs"
    assert branch and branch[0]["step"] == 2 and branch[-1]["rows"][0]["tokens"][where] == 5
    assert MASK not in branch[-1]["rows"][0]["tokens"]
    assert all(c["pos"] != where for x in branch for c in x["rows"][0]["commits"]), "the pinned position was sampled"
    backend.close()
    print(f"ok: Dream greedy resumed from each of its {len(whole) - 1} intermediate states continues as the whole run; "
          f"a branch with a pinned token keeps it")


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
            used = {t for s in steps for row in s["rows"] for t in row["tokens"]} | set(PROMPT)
            assert header["token_text"] == {str(i): f"w{i}" for i in sorted(used - {MASK})}, \
                f"{case}: token_text {header['token_text']} is not the tokenizer's text of the ids used"
            # Each row's text is its prompt and completion, as a local `unmask sample` prints it.
            assert [row["text"] for row in summary["rows"]] == \
                ["".join(f"w{t}" for t in row["tokens"]) for row in steps[-1]["rows"]]
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
