#!/usr/bin/env python3
"""`make test-recorder`: the recorder against a tiny randomly initialised PyTorch model (no download).

Checks, for several sampler settings, that the recorder samples exactly what a plain LLaDA `generate`
(below, without recording) samples from the same seed, that every step obeys the schedule (quota per
step, commits only inside the current block, tokens consistent with the commits, NFE counting), and
that the written file loads in Unmask: `unmask replay --check FILE` must accept it and print row 0's
text, and must reject a corrupted copy naming the line.

    python Examples/recorders/test_recorder.py --unmask .build/debug/unmask
    python Examples/recorders/test_recorder.py --write-example Examples/recorders/tiny-llada.trajectory.jsonl

The second form regenerates the small recorded file committed for CI (read by the Swift tests).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import types

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_llada import gumbel_perturb, record_generate, transfer_quota  # noqa: E402

VOCAB = 24          # ids 0..22 are "letters", 23 is the mask
MASK = 23
EOS = 22
ALPHABET = "abcdefghijklmnopqrstuv."  # id -> text for the test tokenizer (22 = "." is EOS)


class TinyDiffusionLM(torch.nn.Module):
    """Bidirectional transformer with the LLaDA call interface: model(input_ids).logits [B, T, V]."""

    def __init__(self, seed=1, d=32, heads=2, layers=1, max_len=64):
        super().__init__()
        torch.manual_seed(seed)
        self.embed = torch.nn.Embedding(VOCAB, d)
        self.position = torch.nn.Embedding(max_len, d)
        layer = torch.nn.TransformerEncoderLayer(d, heads, 2 * d, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = torch.nn.Linear(d, VOCAB)
        self.eval()

    def forward(self, input_ids):
        h = self.embed(input_ids) + self.position(torch.arange(input_ids.shape[1]))[None]
        logits = 3.0 * self.head(self.encoder(h))
        logits[..., MASK] = -1e4  # like a trained model: the mask is never a prediction
        return types.SimpleNamespace(logits=logits)


class TinyTokenizer:
    def decode(self, ids):
        return "".join(ALPHABET[i] for i in ids)


@torch.no_grad()
def reference_generate(model, prompt, steps, gen_length, block_length, temperature, cfg_scale, remasking, seed):
    """LLaDA's generate as published (forward pass at every schedule step), no recording."""
    torch.manual_seed(seed)
    x = torch.full((prompt.shape[0], prompt.shape[1] + gen_length), MASK, dtype=torch.long)
    x[:, :prompt.shape[1]] = prompt
    prompt_index = x != MASK
    num_blocks = gen_length // block_length
    per_block = steps // num_blocks
    for b in range(num_blocks):
        lo = prompt.shape[1] + b * block_length
        hi = lo + block_length
        counts = (x[:, lo:hi] == MASK).sum(dim=1)
        quota = torch.tensor([transfer_quota(int(n), per_block) for n in counts])
        for i in range(per_block):
            mask_index = x == MASK
            if cfg_scale > 0:
                un = x.clone()
                un[prompt_index] = MASK
                c, u = torch.chunk(model(torch.cat([x, un])).logits, 2, dim=0)
                logits = u + (cfg_scale + 1) * (c - u)
            else:
                logits = model(x).logits
            x0 = torch.argmax(gumbel_perturb(logits, temperature), dim=-1)
            if remasking == "low_confidence":
                p = F.softmax(logits.to(torch.float64), dim=-1)
                x0_p = torch.gather(p, -1, x0[..., None])[..., 0]
            else:
                x0_p = torch.rand(x0.shape).to(torch.float64)
            x0_p[:, hi:] = -torch.inf
            x0 = torch.where(mask_index, x0, x)
            confidence = torch.where(mask_index, x0_p, torch.full_like(x0_p, -torch.inf))
            for j in range(x.shape[0]):
                if quota[j, i] > 0:
                    _, idx = torch.topk(confidence[j], k=int(quota[j, i]))
                    x[j, idx] = x0[j, idx]
    return x


def check_schedule(rec, prompt_len, gen_length, block_length, steps, cfg):
    header, rows = rec.header, rec.header["shape"][0]
    assert header["format"] == "unmask-trajectory" and header["version"] == 1
    assert header["mask_token_id"] == MASK and header["initial_nfe"] == [0] * rows
    previous = header["initial_tokens"]
    per_block = steps // (gen_length // block_length)
    for k, step in enumerate(rec.steps):
        assert step["step"] == k
        masked_before = sum(row[prompt_len:].count(MASK) for row in previous)
        assert abs(step["t"] - masked_before / (rows * gen_length)) < 1e-12
        for r, row in enumerate(step["rows"]):
            lo = prompt_len + row["block"] * block_length
            expected = list(previous[r])
            for c in row["commits"]:
                assert lo <= c["pos"] < lo + block_length, "commit outside the current block"
                assert previous[r][c["pos"]] == MASK, "position committed twice"
                top = dict((i, p) for i, p in c["top"])
                assert [p for _, p in c["top"]] == sorted(top.values(), reverse=True), "candidates not best first"
                assert abs(top.get(c["token"], c["conf"]) - c["conf"]) < 1e-6, "conf is not the token's probability"
                if header["sampler"]["temperature"] == 0:
                    assert c["token"] == c["top"][0][0], "greedy commit is not the top candidate"
                expected[c["pos"]] = c["token"]
            assert row["tokens"] == expected, "tokens disagree with the commits"
            assert row["nfe"] == (k + 1) * (2 if cfg else 1)
        previous = [row["tokens"] for row in step["rows"]]
    assert all(MASK not in row for row in previous), "masks left at the end"
    assert len(rec.steps) == min(steps, sum(min(per_block, block_length) for _ in range(gen_length // block_length)))


def run_unmask(unmask, *args):
    return subprocess.run([unmask, "replay", "--check", *args], capture_output=True, text=True)


CASES = [
    dict(steps=8, gen_length=16, block_length=8, temperature=0.0, cfg_scale=0.0, remasking="low_confidence"),
    dict(steps=6, gen_length=12, block_length=4, temperature=1.0, cfg_scale=0.0, remasking="low_confidence"),
    dict(steps=4, gen_length=8, block_length=8, temperature=0.7, cfg_scale=0.5, remasking="random"),
    dict(steps=12, gen_length=8, block_length=4, temperature=0.0, cfg_scale=0.0, remasking="low_confidence"),
]


def example(path):
    model = TinyDiffusionLM()
    prompt = torch.tensor([[0, 1, 2, 3], [4, 5, 6, 7]])
    rec = record_generate(model, prompt, steps=8, gen_length=16, block_length=8, temperature=0.0, mask_id=MASK,
                          eos_token_ids=[EOS], candidates=3, seed=3, tokenizer=TinyTokenizer(),
                          model_name="tiny-random-llada", tokenizer_name="tiny-alphabet")
    rec.write(path)
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unmask", help="the built unmask binary")
    ap.add_argument("--write-example", help="write the committed example file here and exit")
    args = ap.parse_args()
    if args.write_example:
        rec = example(args.write_example)
        print(f"{args.write_example}: {len(rec.steps)} steps, {os.path.getsize(args.write_example)} bytes")
        return

    model = TinyDiffusionLM()
    prompt = torch.tensor([[0, 1, 2], [3, 4, 5]])
    for case in CASES:
        rec = record_generate(model, prompt, mask_id=MASK, eos_token_ids=[EOS], seed=11, **case)
        ref = reference_generate(model, prompt, seed=11, **case)
        assert torch.equal(rec.tokens, ref), f"recorder and generate disagree for {case}"
        check_schedule(rec, prompt.shape[1], case["gen_length"], case["block_length"], case["steps"], case["cfg_scale"] > 0)
        print(f"ok: {case}: {len(rec.steps)} steps, same tokens as generate")

    forbid = record_generate(model, prompt, steps=8, gen_length=8, block_length=8, temperature=1.0, mask_id=MASK,
                             eos_token_ids=[EOS], logits_eos_inf=True, seed=5)
    assert EOS not in forbid.tokens[:, 3:].tolist()[0] + forbid.tokens[:, 3:].tolist()[1]
    plain = record_generate(model, prompt, steps=4, gen_length=8, block_length=8, mask_id=MASK, seed=5)
    every = record_generate(model, prompt, steps=4, gen_length=8, block_length=8, mask_id=MASK,
                            eos_token_ids=list(range(VOCAB - 1)), confidence_eos_eot_inf=True, seed=5)
    assert torch.equal(plain.tokens, every.tokens), "all proposals EOS: the order is the plain one"
    some = record_generate(model, prompt, steps=4, gen_length=8, block_length=8, mask_id=MASK,
                           eos_token_ids=list(range(0, VOCAB - 1, 2)), confidence_eos_eot_inf=True, seed=5)
    for step in some.steps:
        for row in step["rows"]:
            is_eos = [c["token"] % 2 == 0 for c in row["commits"]]
            assert is_eos == sorted(is_eos), f"an EOS committed before a non-EOS proposal: {row['commits']}"
    print("ok: EOS knobs")

    if not args.unmask:
        print("no --unmask given: skipped the check with the Swift reader")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tiny.trajectory.jsonl")
        rec = example(path)
        r = run_unmask(args.unmask, path)
        assert r.returncode == 0, f"unmask replay --check rejected the recording:\n{r.stderr}"
        text = TinyTokenizer().decode(rec.tokens[0].tolist())
        assert f'"{text}"' in r.stdout, f"row 0 text {text!r} not in {r.stdout!r}"
        assert "2 rows" in r.stdout and f"{len(rec.steps)} steps" in r.stdout, r.stdout
        print(f"ok: unmask replay --check: {r.stdout.strip()}")

        lines = open(path, encoding="utf-8").read().splitlines()
        step = json.loads(lines[3])
        step["rows"][1]["tokens"] = step["rows"][1]["tokens"][:-1]
        lines[3] = json.dumps(step)
        bad = os.path.join(tmp, "bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        r = run_unmask(args.unmask, bad)
        assert r.returncode != 0 and "line 4" in r.stderr and "rows[1].tokens" in r.stderr, r.stderr
        print(f"ok: corrupted copy rejected: {r.stderr.strip()}")


if __name__ == "__main__":
    main()
