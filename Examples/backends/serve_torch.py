#!/usr/bin/env python3
"""Serve a PyTorch diffusion language model to the Unmask workbench (docs/backend-protocol.md, protocol 1).

    # on the GPU machine, once: the repo (or this folder and Examples/recorders) and torch + transformers
    unmask tui --backend 'ssh gpu1 python unmask/Examples/backends/serve_torch.py \\
        --model GSAI-ML/LLaDA-8B-Instruct --dtype bfloat16 --device cuda --prompt "Why is the sky blue?"'

Loads any `AutoModel` with `trust_remote_code` (`--device-map auto` spreads it over several GPUs with
accelerate) and answers the protocol on stdin/stdout; logs go to stderr.

- LLaDA-style models (a call `model(ids).logits` [B, T, V]): LLaDA's `generate`, one step at a time through
  `llada_step` of Examples/recorders/record_llada.py (its tests pin the semantics against a plain
  `generate`). Each request has its own torch RNG state (seeded with the request's seed, as `generate` seeds
  with `torch.manual_seed`), so interleaved requests sample what they would alone. The schedule is the
  Swift engine's: blocks may end partial, a block's steps are `steps` split evenly over the blocks, a step
  commits ceil(masked / steps left) — for the original's divisible settings this is the original's split —
  and a start state (a branch, a pin) resumes it over the masks that remain.
- Dream-family models (those with `diffusion_generate`): Dream's sampler one step at a time (dream_step.py,
  the same draws in the same order as `diffusion_generate`, so a seeded run equals it step for step), so a
  start state resumes Dream's time grid where it was left; remasking low-confidence / margin / entropy /
  random map to Dream's `alg` maskgit_plus / topk_margin / entropy / origin. No blocks, no guidance.
"""

import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "recorders"))
from dream_step import dream_step  # noqa: E402
from record_llada import LLADA_EOS_IDS, LLADA_MASK_ID, llada_step  # noqa: E402
from unmask_backend import (ESTIMATORS, PROTOCOL, Refusal, Server, block_ranges, check_sampler,  # noqa: E402
                            elbo_replies, log, quota, schedule, top_candidates)

DREAM_ALG = {"low-confidence": "maskgit_plus", "margin": "topk_margin", "entropy": "entropy", "random": "origin"}


class JobRng:
    """One request's torch RNG state (CPU and every CUDA device), swapped in around each of its steps."""

    def __init__(self, seed):
        outer = self._get()
        torch.manual_seed(seed)
        self.state = self._get()
        self._set(outer)

    @staticmethod
    def _get():
        return torch.get_rng_state(), (torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None)

    @staticmethod
    def _set(state):
        torch.set_rng_state(state[0])
        if state[1] is not None:
            torch.cuda.set_rng_state_all(state[1])

    def run(self, fn):
        outer = self._get()
        self._set(self.state)
        try:
            return fn()
        finally:
            self.state = self._get()
            self._set(outer)


class Timed:
    """The model as llada_step calls it, counting calls, rows and seconds in forward passes."""

    def __init__(self, model):
        self.model, self.seconds, self.calls, self.rows = model, 0.0, 0, 0

    def __call__(self, ids):
        began = time.monotonic()
        out = self.model(ids)
        if ids.is_cuda:
            torch.cuda.synchronize()
        self.seconds += time.monotonic() - began
        self.calls, self.rows = self.calls + 1, self.rows + ids.shape[0]
        return out


class TorchBackend:
    def __init__(self, model, args, tokenizer, prompt_ids, prompt_text):
        self.model, self.args, self.tokenizer = model, args, tokenizer
        self.device = next(model.parameters()).device
        config = model.config
        self.family = args.family or ("dream" if hasattr(model, "diffusion_generate") else "llada")
        self.vocab_size = int(getattr(config, "vocab_size"))
        self.mask_id = args.mask_id if args.mask_id is not None else self._mask_id(config)
        self.max_length = args.max_length or int(getattr(config, "max_sequence_length", 0)
                                                  or getattr(config, "max_position_embeddings", 4096))
        self.prompt_ids, self.prompt_text = prompt_ids, prompt_text
        # LLaDA's EOS/EoT ids when the vocabulary has them (the EOS knobs' default list), else none.
        default_eos = [i for i in LLADA_EOS_IDS if i < self.vocab_size] if self.family == "llada" else []
        self.eos = list(args.eos_ids) if args.eos_ids is not None else default_eos
        self.remaskings = tuple(DREAM_ALG) if self.family == "dream" else ("low-confidence", "random")

    def _mask_id(self, config):
        for source in (config, getattr(self.model, "generation_config", None)):
            if getattr(source, "mask_token_id", None) is not None:
                return int(source.mask_token_id)
        if self.family == "llada":
            return LLADA_MASK_ID
        raise SystemExit("serve_torch: the model's config names no mask_token_id: pass --mask-id")

    def token_text(self, i):
        """One id decoded on its own ("" for ids past the tokenizer: padding rows of the embedding)."""
        if self.tokenizer is None:
            raise Refusal("unsupported", "no tokenizer was loaded (--prompt-ids on a folder without one)")
        try:
            return self.tokenizer.decode([i])
        except Exception:
            return ""

    def hello(self):
        device = str(self.device) if not hasattr(self.model, "hf_device_map") else "device map " + self.args.device_map
        return {"type": "hello", "protocol": PROTOCOL, "model": self.args.model, "family": self.family,
                "vocab_size": self.vocab_size, "mask_token_id": self.mask_id, "max_length": self.max_length,
                "device": device, "parameters": sum(p.numel() for p in self.model.parameters()),
                "capabilities": {"strategies": ["llada"], "remasking": list(self.remaskings),
                                 "elbo": list(ESTIMATORS), "guidance": self.family == "llada",
                                 "tokens": self.tokenizer is not None},
                "prompt": self.prompt_ids, "prompt_text": self.prompt_text,
                "sampler": {"strategy": "llada", "generation_length": self.args.gen_length, "steps": self.args.steps,
                            "block_length": self.args.block_length if self.family == "llada" else None,
                            "temperature": 0.0,
                            "remasking": "low-confidence", "eos_token_ids": self.eos}}

    # ---- sampling ----

    def sample(self, msg):
        config, problem = dict(msg["sampler"]), msg["problem"]
        prompts = torch.tensor(problem["prompts"], dtype=torch.long)
        if problem.get("generated_vocabulary") is not None:
            raise Refusal("unsupported", "generated_vocabulary is not implemented")
        if self.family == "dream":
            return self._dream(config, prompts, msg)
        check_sampler(config, self.vocab_size, self.max_length, prompts.shape[1], self.remaskings, guidance=True)
        x, plen, nfe, index = self._start(msg, prompts, config["generation_length"])
        return self._llada(config, x.to(self.device), plen, nfe, index, JobRng(int(msg.get("seed", 0))))

    def _llada(self, config, x, plen, nfe, index, rng):
        began, timed = time.monotonic(), Timed(self.model)
        blocks = block_ranges(config["generation_length"], config.get("block_length"))
        prompt_index = torch.zeros_like(x, dtype=torch.bool)
        prompt_index[:, :plen] = True
        eos = torch.tensor(config.get("eos_token_ids", []), dtype=torch.long, device=x.device)
        remasking = "low_confidence" if config.get("remasking", "low-confidence") == "low-confidence" else "random"
        for b, remaining in schedule(config):
            lo, hi = plen + blocks[b].start, plen + blocks[b].stop
            quotas = [quota(int(n), remaining) for n in (x[:, lo:hi] == self.mask_id).sum(dim=1)]
            if max(quotas) == 0:
                continue
            t = (x[:, plen:] == self.mask_id).sum().item() / x[:, plen:].numel()
            commits, cost = rng.run(lambda: llada_step(
                timed, x, hi=hi, quota=quotas, prompt_index=prompt_index,
                temperature=float(config.get("temperature", 0)), cfg_scale=float(config.get("cfg_scale", 0)),
                remasking=remasking, mask_id=self.mask_id, eos=eos, logits_eos_inf=bool(config.get("forbid_eos")),
                confidence_eos_eot_inf=bool(config.get("eos_confidence_last")),
                candidates=int(config.get("candidates", 5))))
            nfe = [v + cost for v in nfe]
            rows = [{"tokens": x[r].tolist(), "commits": commits[r], "block": b, "nfe": nfe[r]} for r in range(len(x))]
            yield {"type": "step", "step": index, "t": t, "rows": rows}
            index += 1
        yield {"type": "done", "seconds": time.monotonic() - began, "forward_seconds": timed.seconds,
               "network_calls": timed.calls, "network_rows": timed.rows}

    def _dream(self, config, prompts, msg):
        n = config.get("generation_length", 128)
        if config.get("block_length") not in (None, n) and config.get("block_length") < n:
            raise Refusal("unsupported", "Dream's sampler has no blocks (block_length must be off)")
        if config.get("cfg_scale", 0) != 0:
            raise Refusal("unsupported", "Dream's sampler has no classifier-free guidance")
        if config.get("cache", "none") != "none":
            raise Refusal("unsupported", "the key/value cache (cache != none) is not implemented")
        if config.get("remasking", "low-confidence") not in DREAM_ALG:
            raise Refusal("unsupported", f"remasking {config.get('remasking')} has no Dream alg")
        x, plen, nfe, index = self._start(msg, prompts, n)
        return self._dream_steps(config, x.to(self.device), plen, nfe, index, JobRng(int(msg.get("seed", 0))))

    def _start(self, msg, prompts, n):
        """x [rows, plen + n] from masks (with the problem's fixed tokens) or from the request's start state,
        the NFE already spent per row and the first step's index."""
        plen, start = prompts.shape[1], msg.get("start")
        if start:
            x = torch.tensor(start["tokens"], dtype=torch.long)
            nfe, index = list(start["nfe"]), int(start["first_step"])
        else:
            x = torch.cat([prompts, torch.full((len(prompts), n), self.mask_id, dtype=torch.long)], dim=1)
            for f in msg["problem"].get("fixed", []):
                x[:, plen + f["offset"]] = f["token"]
            nfe, index = [0] * len(x), 0
        if tuple(x.shape) != (len(prompts), plen + n):
            raise Refusal("bad_request", f"start tokens of shape {list(x.shape)}, expected {[len(prompts), plen + n]}")
        return x, plen, nfe, index

    def _dream_steps(self, config, x, plen, nfe, index, rng):
        """Dream's grid from step min(nfe) (one forward pass a step) to its end, one line per step that
        reveals something; a start state resumes the grid where its NFE says it was left."""
        began, timed, k = time.monotonic(), Timed(self.model), int(config.get("candidates", 5))
        steps = int(config.get("steps", 128))
        for i in range(min(nfe), max(steps, min(nfe) + 1)):
            if not (x[:, plen:] == self.mask_id).any():
                break
            before = x.clone()
            t = (before[:, plen:] == self.mask_id).float().mean().item()
            logits = rng.run(lambda: dream_step(
                timed, x, i=i, steps=steps, eps=self.args.eps, alg=DREAM_ALG[config.get("remasking", "low-confidence")],
                alg_temp=self.args.alg_temp, temperature=float(config.get("temperature", 0)),
                top_p=config.get("top_p"), top_k=config.get("top_k"), mask_id=self.mask_id))
            nfe = [v + 1 for v in nfe]
            rows = []
            for r in range(x.shape[0]):
                changed = ((before[r] == self.mask_id) & (x[r] != self.mask_id)).nonzero().flatten().tolist()
                # Un-tempered probabilities at the revealed positions only: [revealed, V], not [rows, T, V].
                probs = F.softmax(logits[r, changed].to(torch.float64), dim=-1).cpu().numpy()
                commits = [{"pos": p, "token": int(x[r, p]), "conf": float(f"{probs[j, int(x[r, p])]:.6g}"),
                            "top": top_candidates(probs[j].astype(np.float32), k)} for j, p in enumerate(changed)]
                rows.append({"tokens": x[r].tolist(), "commits": commits, "block": 0, "nfe": nfe[r]})
            if any(row["commits"] for row in rows):
                yield {"type": "step", "step": index, "t": t, "rows": rows}
                index += 1
        yield {"type": "done", "seconds": time.monotonic() - began, "forward_seconds": timed.seconds,
               "network_calls": timed.calls, "network_rows": timed.rows}

    # ---- predictions and likelihood ----

    @torch.no_grad()
    def predict(self, tokens, k):
        ids = torch.tensor([tokens], dtype=torch.long, device=self.device)
        masked = (ids[0] == self.mask_id).nonzero().flatten().tolist()
        logits = self.model(ids).logits[0, masked].to(torch.float64)  # [masked, V]: only where asked
        logits[:, self.mask_id] = -torch.inf
        probs = F.softmax(logits, dim=-1) if masked else None
        out = [[] for _ in tokens]
        for j, i in enumerate(masked):
            top_p, top_id = torch.topk(probs[j], k=min(k, probs.shape[-1]))
            out[i] = [[int(a), float(f"{b:.6g}")] for a, b in zip(top_id.tolist(), top_p.tolist())]
        return out

    def elbo(self, msg):
        return elbo_replies(msg, self.mask_id, self._nll)

    @torch.no_grad()
    def _nll(self, inputs, scored, targets, chunk=4):
        """Summed cross-entropy per row at its scored positions; `chunk` rows per forward pass, so an
        8B model's [rows, T, V] float32 logits stay a few hundred MB."""
        out = []
        for lo in range(0, len(inputs), chunk):
            ids = torch.tensor(inputs[lo:lo + chunk], dtype=torch.long, device=self.device)
            logits = self.model(ids).logits.to(torch.float32)
            logits[..., self.mask_id] = -torch.inf
            logp = F.log_softmax(logits, dim=-1)
            for r in range(ids.shape[0]):
                pos = torch.as_tensor(scored[lo + r], device=self.device)
                tgt = torch.as_tensor(targets[lo + r], device=self.device)
                out.append(float(-logp[r, pos, tgt].double().sum()))
        return out


def main():
    ap = argparse.ArgumentParser(description="Serve a PyTorch diffusion LM to `unmask tui --backend`.")
    ap.add_argument("--model", required=True, help="Hugging Face id or local folder (AutoModel, trust_remote_code)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                    help="device for the whole model (ignored with --device-map)")
    ap.add_argument("--device-map", help="accelerate device map, e.g. auto (spreads the model over the GPUs)")
    ap.add_argument("--dtype", default="auto", choices=["auto", "bfloat16", "float16", "float32"])
    ap.add_argument("--family", choices=["llada", "dream"], help="sampler family (default: dream if the model "
                                                                   "has diffusion_generate, else llada)")
    ap.add_argument("--prompt", default="Explain diffusion language models in one paragraph.")
    ap.add_argument("--prompt-ids", help="comma-separated prompt ids instead of --prompt (no tokenizer needed)")
    ap.add_argument("--raw", action="store_true", help="do not wrap --prompt in the chat template")
    ap.add_argument("--mask-id", type=int, help="mask token id (default: the config's, LLaDA's 126336)")
    ap.add_argument("--eos-ids", type=lambda s: [int(v) for v in s.split(",") if v], help="EOS/EoT ids, comma-separated")
    ap.add_argument("--max-length", type=int, help="longest prompt + generation (default: the config's)")
    ap.add_argument("--gen-length", type=int, default=128, help="suggested generation length")
    ap.add_argument("--steps", type=int, default=128, help="suggested steps")
    ap.add_argument("--block-length", type=int, default=32, help="suggested block length")
    ap.add_argument("--eps", type=float, default=1e-3, help="Dream: the time grid's end (linspace(1, eps, steps + 1))")
    ap.add_argument("--alg-temp", type=float, default=0.0,
                    help="Dream: > 0 draws the revealed positions from softmax(score / alg_temp) instead of the best")
    args = ap.parse_args()

    from transformers import AutoModel, AutoTokenizer
    dtype = {"auto": "auto", "bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[args.dtype]
    began = time.monotonic()
    log(f"serve_torch: loading {args.model} ({args.dtype}, {args.device_map or args.device})")
    kwargs = {"trust_remote_code": True, "dtype": dtype}
    if args.device_map:
        kwargs["device_map"] = args.device_map
    model = AutoModel.from_pretrained(args.model, **kwargs).eval()
    if not args.device_map:
        model = model.to(args.device)
    tokenizer = None
    if args.prompt_ids is None or os.path.exists(os.path.join(args.model, "tokenizer_config.json")) \
            or not os.path.isdir(args.model):
        tokenizer = AutoTokenizer.from_pretrained(args.model, trust_remote_code=True)
    if args.prompt_ids is not None:
        prompt_ids, text = [int(v) for v in args.prompt_ids.split(",") if v], ""
        text = tokenizer.decode(prompt_ids) if tokenizer is not None else ""
    else:
        text = args.prompt
        if not args.raw and getattr(tokenizer, "chat_template", None):
            text = tokenizer.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True,
                                                 tokenize=False)
        prompt_ids = tokenizer(text)["input_ids"]
    backend = TorchBackend(model, args, tokenizer, prompt_ids, text)
    log(f"serve_torch: {backend.family} model ready in {time.monotonic() - began:.1f} s; mask id {backend.mask_id}")
    with torch.no_grad():
        Server(backend).run()
    log("serve_torch: stdin closed, bye")


if __name__ == "__main__":
    main()
