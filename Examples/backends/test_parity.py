#!/usr/bin/env python3
"""`make test-recorder` (third part): the Swift engine and the torch backend sample the same model alike.

A bundled Unmask checkpoint (Examples/models/text) becomes a Hugging Face folder — its model.safetensors and
config.json as they are, plus `auto_map` pointing at modeling_unmask.py, the engine's architecture in PyTorch.
Greedy samples of the same prompt with the same settings, one by `unmask sample --model` (the Swift engine)
and one by `unmask sample --backend 'python serve_torch.py --model FOLDER'`, must hold the same tokens at
every step.

    /work/torch-venv/bin/python Examples/backends/test_parity.py --unmask .build/debug/unmask
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKPOINT = os.path.join(HERE, "..", "models", "text")
PROMPT = "The "
CASES = [  # --length, --steps, --block
    (40, 40, 8),
    (40, 20, 10),
    (32, 32, None),
]


def hf_folder(tmp):
    folder = os.path.join(tmp, "text-hf")
    os.makedirs(folder)
    shutil.copy(os.path.join(CHECKPOINT, "model.safetensors"), folder)
    shutil.copy(os.path.join(HERE, "modeling_unmask.py"), folder)
    with open(os.path.join(CHECKPOINT, "config.json")) as f:
        config = json.load(f)
    config["auto_map"] = {"AutoConfig": "modeling_unmask.UnmaskConfig", "AutoModel": "modeling_unmask.UnmaskModel"}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    return folder


def prompt_ids():
    """The character tokenizer's ids of PROMPT (tokenizer.json: kind "characters", one token per character)."""
    with open(os.path.join(CHECKPOINT, "tokenizer.json")) as f:
        tokens = json.load(f)["tokens"]
    return [tokens.index(c) for c in PROMPT]


def run(unmask, source, length, steps, block, out):
    flags = ["--length", str(length), "--steps", str(steps), "--temperature", "0", "--out", out]
    flags += ["--block", str(block)] if block else []
    r = subprocess.run([unmask, "sample", *source, *flags], capture_output=True, text=True)
    assert r.returncode == 0, f"unmask sample {' '.join(source)} failed:\n{r.stderr}"
    with open(out) as f:
        return [json.loads(line) for line in f][1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unmask", required=True, help="the built unmask binary")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = hf_folder(tmp)
        ids = prompt_ids()
        server = (f"{sys.executable} {os.path.join(HERE, 'serve_torch.py')} --model {folder} --device cpu "
                  f"--prompt-ids {','.join(map(str, ids))}")
        for length, steps, block in CASES:
            swift = run(args.unmask, ["--model", CHECKPOINT, "--prompt", PROMPT], length, steps, block,
                        os.path.join(tmp, "swift.jsonl"))
            torch_steps = run(args.unmask, ["--backend", server], length, steps, block, os.path.join(tmp, "torch.jsonl"))
            assert len(swift) == len(torch_steps), f"{len(swift)} Swift steps, {len(torch_steps)} torch steps"
            for k, (a, b) in enumerate(zip(swift, torch_steps)):
                assert a["rows"][0]["tokens"] == b["rows"][0]["tokens"], \
                    f"length {length}, steps {steps}, block {block}: step {k} differs:\n  swift {a['rows'][0]['tokens']}\n  torch {b['rows'][0]['tokens']}"
                assert sorted(c["pos"] for c in a["rows"][0]["commits"]) == sorted(c["pos"] for c in b["rows"][0]["commits"])
            print(f"ok: length {length}, steps {steps}, block {block}: the Swift engine and serve_torch agree at all "
                  f"{len(swift)} steps")


if __name__ == "__main__":
    main()
