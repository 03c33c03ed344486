#!/usr/bin/env python3
"""A numpy-only Unmask backend (docs/backend-protocol.md) for tests and demos: a tiny random LLaMA-style
bidirectional transformer (token embedding with a mask row, pre-RMSNorm blocks, rotate-half RoPE, SwiGLU,
a head over the real tokens) with fixed seeds, sampled with LLaDA's semantics (unmask_backend.py).

    unmask tui --backend 'python3 Examples/backends/fake_backend.py'
    unmask tui --backend 'python3 Examples/backends/fake_backend.py --delay 0.2'   # slow steps

Test switches make the failures a real backend can have: --protocol N announces another version,
--garbage writes a non-protocol line first, --exit-after N exits after N replies, --pid-file PATH
records the process id (so a test can kill it).
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unmask_backend import ESTIMATORS, PROTOCOL, LLaDASampling, Server, log  # noqa: E402

ALPHABET = "abcdefghijklmnopqrstuvwxyz .,!?"  # ids 0..30; 31 is the mask


def rms_norm(x, w, eps=1e-5):
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps) * w


def rope(x, theta=1e4):
    """Rotate-half RoPE over the last axis of x [B, H, T, hd]."""
    T, hd = x.shape[-2], x.shape[-1]
    freqs = theta ** (-np.arange(0, hd, 2) / hd)
    angles = np.arange(T)[:, None] * freqs[None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    a, b = x[..., : hd // 2], x[..., hd // 2:]
    return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)


class FakeModel(LLaDASampling):
    remaskings = ("low-confidence", "random")

    def __init__(self, seed=0, d=32, heads=2, layers=2, ff=64, max_length=64, prompt="the "):
        self.vocab_size, self.mask_id, self.max_length = len(ALPHABET), len(ALPHABET), max_length
        self.heads, self.seed, self.prompt = heads, seed, prompt
        rng = np.random.default_rng(seed)
        w = lambda *shape: rng.normal(0, 1 / np.sqrt(shape[-1]), shape)
        V = self.vocab_size
        self.embed = rng.normal(0, 1, (V + 1, d))
        self.layers = [dict(n1=np.ones(d), q=w(d, d), k=w(d, d), v=w(d, d), o=w(d, d), n2=np.ones(d),
                            gate=w(ff, d), up=w(ff, d), down=w(d, ff)) for _ in range(layers)]
        self.norm = np.ones(d)
        self.head = 3 * w(V, d)  # sharper than uniform, so confidences differ
        self.parameters = self.embed.size + self.head.size + d + sum(sum(a.size for a in l.values()) for l in self.layers)

    def logits(self, tokens):
        """tokens [B, T] → logits [B, T, V] over the real tokens."""
        x = self.embed[tokens]
        B, T, d = x.shape
        hd = d // self.heads
        for l in self.layers:
            h = rms_norm(x, l["n1"])
            split = lambda m: (h @ m.T).reshape(B, T, self.heads, hd).transpose(0, 2, 1, 3)
            q, k, v = rope(split(l["q"])), rope(split(l["k"])), split(l["v"])
            a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd)
            a = np.exp(a - a.max(axis=-1, keepdims=True))
            a /= a.sum(axis=-1, keepdims=True)
            x = x + (a @ v).transpose(0, 2, 1, 3).reshape(B, T, d) @ l["o"].T
            h = rms_norm(x, l["n2"])
            g = h @ l["gate"].T
            x = x + ((g / (1 + np.exp(-g))) * (h @ l["up"].T)) @ l["down"].T
        return rms_norm(x, self.norm) @ self.head.T

    def token_text(self, i):
        return ALPHABET[i]

    def hello(self):
        return {"type": "hello", "protocol": PROTOCOL, "model": f"fake-llama-seed{self.seed}", "family": "fake",
                "vocab_size": self.vocab_size, "mask_token_id": self.mask_id, "max_length": self.max_length,
                "device": "cpu", "parameters": int(self.parameters),
                "capabilities": {"strategies": ["llada"], "remasking": list(self.remaskings),
                                 "elbo": list(ESTIMATORS), "guidance": False, "tokens": True},
                "prompt": [ALPHABET.index(c) for c in self.prompt],
                "prompt_text": self.prompt,
                "sampler": {"strategy": "llada", "generation_length": 24, "steps": 24, "block_length": 8,
                            "temperature": 0.0, "remasking": "low-confidence"}}


class Faults:
    """The test switches: a wrong version, a stray line, an exit after some replies."""

    def __init__(self, server, args):
        self.server, self.args, self.replies = server, args, 0
        write = server.write

        def faulty(obj):
            if obj.get("type") == "hello":
                if args.garbage:
                    server.out.write("loading weights... 100%\n")
                obj["protocol"] = args.protocol
            write(obj)
            self.replies += 1
            if args.exit_after is not None and self.replies >= args.exit_after:
                log(f"fake_backend: exiting after {self.replies} replies (--exit-after)")
                sys.stdout.flush()
                os._exit(3)
        server.write = faulty


def main():
    ap = argparse.ArgumentParser(description="numpy fake backend for `unmask tui --backend`")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random weights")
    ap.add_argument("--prompt", default="the ", help=f"prompt text (characters of {ALPHABET!r})")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds to sleep after each step (a slow GPU)")
    ap.add_argument("--protocol", type=int, default=PROTOCOL, help="protocol version to announce (tests)")
    ap.add_argument("--garbage", action="store_true", help="write a non-protocol line before hello (tests)")
    ap.add_argument("--exit-after", type=int, help="exit with status 3 after this many replies (tests)")
    ap.add_argument("--pid-file", help="write the process id here")
    args = ap.parse_args()
    if any(c not in ALPHABET for c in args.prompt):
        ap.error(f"--prompt: only characters of {ALPHABET!r}")
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    model = FakeModel(seed=args.seed, prompt=args.prompt)
    log(f"fake_backend: {model.parameters} parameters, vocabulary {model.vocab_size}, pid {os.getpid()}")
    server = Server(model, delay=args.delay)
    Faults(server, args)
    server.run()
    log("fake_backend: stdin closed, bye")


if __name__ == "__main__":
    main()
