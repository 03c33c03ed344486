#!/usr/bin/env python3
"""Record a LLaDA-style denoising trajectory from a PyTorch diffusion LLM as an Unmask trajectory file.

The loop is LLaDA's `generate` (ML-GSAI/LLaDA generate.py; Unmask's docs/methods.md §1.4), re-implemented
with a recording hook after every step: the prompt followed by `gen_length` masks, semi-autoregressive
blocks left to right, each block's masks split evenly over its steps, a proposal for every masked
position (Gumbel-max in float64 at `temperature`), and the `quota` best proposals of the current block
committed by confidence (`low_confidence`) or at random (`random`). Optional unsupervised
classifier-free guidance masks the prompt for a second pass: logits = u + (w + 1)(c - u).

What is recorded per step and row: the whole sequence after the step, the committed positions in commit
order with their token, its probability under the un-tempered softmax and the top candidates, the
block index and the network evaluations so far (a guided evaluation counts two). The file is Unmask's
trajectory schema v1 (docs/file-formats.md §5): a header line, then one line per step. It carries the
model's `mask_token_id` and, when a tokenizer is given, `token_text` (each occurring id decoded on its
own), so `unmask replay FILE` shows text without the model's tokenizer.

Any model works whose call `model(input_ids).logits` returns [batch, length, vocab] logits, e.g.

    model = AutoModel.from_pretrained("GSAI-ML/LLaDA-8B-Instruct", trust_remote_code=True,
                                      torch_dtype=torch.bfloat16).eval()
    recording = record_generate(model, prompt_ids, steps=128, gen_length=128, block_length=32,
                                tokenizer=tokenizer, model_name="GSAI-ML/LLaDA-8B-Instruct")
    recording.write("llada.trajectory.jsonl")

or from the shell (needs `transformers`): python record_llada.py --prompt "..." --out FILE.jsonl
Differences from the original, kept deliberately: the mask id is never proposed (its logit is set to
-inf, as in Unmask's engine, so probabilities are over the real tokens; a trained LLaDA gives it
negligible mass anyway, but the original can "commit" a mask and revisit the position); schedule steps where no row has anything to commit
(more steps than masks in a block) are skipped without a network call, as in Unmask's own sampler and
ESPO's copy; `confidence_eos_eot_inf` ranks every EOS/EoT proposal after all others (what the original
means, docs/methods.md §1.4; lowered rather than set to -inf, so they stay ahead of positions that are
not candidates at all); `logits_eos_inf` forbids every id of `eos_token_ids`.
"""

import argparse
import json
import math
import os
import tempfile
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

FORMAT = "unmask-trajectory"
VERSION = 1
LLADA_MASK_ID = 126336
LLADA_EOS_IDS = (126081, 126348)  # <|endoftext|>, <|eot_id|>
REMASKING = {"low_confidence": "low-confidence", "random": "random"}  # LLaDA name -> schema name


def gumbel_perturb(logits, temperature):
    """exp(l) / (-log U)^T in float64: its argmax samples softmax(l / T); T = 0 keeps the logits (argmax)."""
    if temperature == 0:
        return logits
    logits = logits.to(torch.float64)
    noise = torch.rand_like(logits, dtype=torch.float64)
    return logits.exp() / (-torch.log(noise)) ** temperature


def transfer_quota(masked, steps):
    """LLaDA's get_num_transfer_tokens for one row: floor(m/s) per step, the first (m mod s) steps one more."""
    return [masked // steps + (1 if s < masked % steps else 0) for s in range(steps)]


def _rounded(p):
    if not math.isfinite(p):
        raise ValueError(f"non-finite probability {p}: the model returned NaN or inf logits")
    return float(f"{p:.6g}")


@dataclass
class Recording:
    """A recorded run: the header object, one object per step, and the final tokens [rows, length]."""
    header: dict
    steps: list = field(default_factory=list)
    tokens: torch.Tensor = None

    def lines(self):
        """The file's lines (header first), JSON with sorted keys, no trailing newlines."""
        dump = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return [dump(self.header)] + [dump(s) for s in self.steps]

    def write(self, path):
        """Writes the file atomically (a temporary file in the same folder, then a rename)."""
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".trajectory-", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write("\n".join(self.lines()) + "\n")
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise


def _token_text(tokenizer, ids):
    """Each id decoded on its own (what one position shows); JSON object keys are strings."""
    return {str(i): tokenizer.decode([i]) for i in sorted(ids)}


@torch.no_grad()
def llada_step(model, x, *, hi, quota, prompt_index, temperature, cfg_scale, remasking, mask_id, eos,
               logits_eos_inf, confidence_eos_eot_inf, candidates):
    """One step of LLaDA's generate on x [rows, length] in place: one (guided) network call, a proposal at
    every masked position, and row r's `quota[r]` best proposals before position `hi` committed. Returns the
    commits of each row (in commit order, as trajectory schema v1 writes them) and the call's NFE per row."""
    rows = x.shape[0]
    masked = x == mask_id
    if cfg_scale > 0:
        unconditional = x.clone()
        unconditional[prompt_index] = mask_id
        both = model(torch.cat([x, unconditional])).logits
        cond, uncond = torch.chunk(both, 2, dim=0)
        logits = uncond + (cfg_scale + 1) * (cond - uncond)
        cost = 2
    else:
        logits = model(x).logits
        cost = 1
    logits[:, :, mask_id] = -torch.inf
    if logits_eos_inf:
        logits[:, :, eos] = -torch.inf
    proposal = torch.argmax(gumbel_perturb(logits, temperature), dim=-1)
    probs = F.softmax(logits.to(torch.float64), dim=-1)
    if remasking == "low_confidence":
        confidence = torch.gather(probs, -1, proposal[..., None])[..., 0]
    else:
        confidence = torch.rand(proposal.shape, device=x.device)
    confidence = confidence.to(torch.float64)
    if confidence_eos_eot_inf:  # below every other proposal, above the excluded positions' -inf
        confidence = torch.where(torch.isin(proposal, eos), confidence - 2, confidence)
    confidence[:, hi:] = -torch.inf
    proposal = torch.where(masked, proposal, x)
    confidence = torch.where(masked, confidence, torch.full_like(confidence, -torch.inf))
    commits = []
    for r in range(rows):
        row = []
        if quota[r] > 0:
            _, chosen = torch.topk(confidence[r], k=quota[r])
            for pos in chosen.tolist():
                token = int(proposal[r, pos])
                x[r, pos] = token
                top_p, top_id = torch.topk(probs[r, pos], k=min(candidates, probs.shape[-1]))
                row.append({"pos": pos, "token": token, "conf": _rounded(probs[r, pos, token].item()),
                            "top": [[int(i), _rounded(p)] for i, p in zip(top_id.tolist(), top_p.tolist())]})
        commits.append(row)
    return commits, cost


@torch.no_grad()
def record_generate(model, prompt, *, steps=128, gen_length=128, block_length=128, temperature=0.0,
                    cfg_scale=0.0, remasking="low_confidence", mask_id=LLADA_MASK_ID,
                    logits_eos_inf=False, confidence_eos_eot_inf=False, eos_token_ids=LLADA_EOS_IDS,
                    candidates=5, seed=0, tokenizer=None, model_name="", tokenizer_name=None):
    """Runs LLaDA's generate on `prompt` ([rows, prompt_length] token ids, one length for all rows)
    and returns a `Recording`. `seed` seeds torch's generator first, so the file's seed reruns it.
    `tokenizer` (anything with `decode(list_of_ids) -> str`) adds `token_text` to the header."""
    if remasking not in REMASKING:
        raise ValueError(f"remasking must be one of {sorted(REMASKING)}, got {remasking!r}")
    if gen_length % block_length != 0:
        raise ValueError(f"gen_length ({gen_length}) must be a multiple of block_length ({block_length})")
    num_blocks = gen_length // block_length
    if steps % num_blocks != 0:
        raise ValueError(f"steps ({steps}) must be a multiple of the number of blocks ({num_blocks})")
    steps_per_block = steps // num_blocks
    prompt = torch.as_tensor(prompt, dtype=torch.long)
    if prompt.dim() == 1:
        prompt = prompt[None, :]
    device = next(model.parameters()).device if hasattr(model, "parameters") else prompt.device
    prompt = prompt.to(device)
    torch.manual_seed(seed)

    rows, plen = prompt.shape
    x = torch.full((rows, plen + gen_length), mask_id, dtype=torch.long, device=device)
    x[:, :plen] = prompt
    prompt_index = x != mask_id
    eos = torch.tensor(list(eos_token_ids), dtype=torch.long, device=device)
    header = {
        "format": FORMAT, "version": VERSION, "model": model_name,
        "tokenizer": tokenizer_name if tokenizer_name is not None else model_name,
        "kind": "text", "shape": [rows, x.shape[1]],
        "sampler": {"strategy": "llada", "generation_length": gen_length, "steps": steps,
                    "block_length": block_length, "temperature": float(temperature),
                    "remasking": REMASKING[remasking], "cfg_scale": float(cfg_scale),
                    "eos_token_ids": list(eos_token_ids), "forbid_eos": bool(logits_eos_inf),
                    "eos_confidence_last": bool(confidence_eos_eot_inf), "candidates": candidates},
        "seed": seed,
        "problem": {"prompts": prompt.tolist(), "fixed": []},
        "initial_tokens": x.tolist(), "initial_nfe": [0] * rows,
        "mask_token_id": mask_id,
    }
    recording = Recording(header)
    nfe = 0
    for block in range(num_blocks):
        lo = plen + block * block_length
        hi = lo + block_length
        quotas = [transfer_quota(int(n), steps_per_block) for n in (x[:, lo:hi] == mask_id).sum(dim=1)]
        for s in range(steps_per_block):
            quota = [q[s] for q in quotas]
            if max(quota) == 0:
                continue
            t = (x == mask_id)[:, plen:].sum().item() / (rows * gen_length)
            commits, cost = llada_step(model, x, hi=hi, quota=quota, prompt_index=prompt_index,
                                       temperature=temperature, cfg_scale=cfg_scale, remasking=remasking,
                                       mask_id=mask_id, eos=eos, logits_eos_inf=logits_eos_inf,
                                       confidence_eos_eot_inf=confidence_eos_eot_inf, candidates=candidates)
            nfe += cost
            row_records = [{"tokens": x[r].tolist(), "commits": commits[r], "block": block, "nfe": nfe}
                           for r in range(rows)]
            recording.steps.append({"step": len(recording.steps), "t": t, "rows": row_records})
    recording.tokens = x
    if tokenizer is not None:
        ids = {i for row in header["initial_tokens"] for i in row}
        for step in recording.steps:
            for row in step["rows"]:
                ids.update(row["tokens"])
                ids.update(c[0] for commit in row["commits"] for c in commit["top"])
        ids.discard(mask_id)
        header["token_text"] = _token_text(tokenizer, ids)
    return recording


def load_model(name, dtype, device):
    """The model as `model(input_ids).logits` calls it: `AutoModel` (LLaDA's and Dream's remote code
    return logits from it), else `AutoModelForCausalLM` (a transformers family, whose `AutoModel` is
    the headless base model)."""
    from transformers import AutoModel, AutoModelForCausalLM
    model = AutoModel.from_pretrained(name, trust_remote_code=True, torch_dtype=dtype).to(device).eval()
    with torch.no_grad():
        has_logits = hasattr(model(torch.zeros((1, 1), dtype=torch.long, device=device)), "logits")
    if has_logits:
        return model
    del model  # not two copies at once (an 8B model twice may not fit the GPU)
    print(f"note: {name} has no diffusion head of its own: loaded as a causal LM (AutoModelForCausalLM), so "
          "its attention here is causal, while Unmask runs the folder's weights bidirectionally; the "
          "recording and Unmask's view of the same folder then differ")
    return AutoModelForCausalLM.from_pretrained(name, trust_remote_code=True, torch_dtype=dtype).to(device).eval()


def eos_ids(config, tokenizer, mask_id):
    """The end-of-sequence ids the header names: LLaDA's two for a LLaDA mask id, else the config's
    and the tokenizer's `eos_token_id` (LLaDA's were once written for every model)."""
    if mask_id == LLADA_MASK_ID:
        return LLADA_EOS_IDS
    ids = []
    for source in (getattr(config, "eos_token_id", None), getattr(tokenizer, "eos_token_id", None)):
        for i in source if isinstance(source, (list, tuple)) else [source]:
            if i is not None and i not in ids:
                ids.append(int(i))
    return tuple(ids)


def main():
    ap = argparse.ArgumentParser(description="Record a LLaDA trajectory for `unmask replay` (needs transformers).")
    ap.add_argument("--model", default="GSAI-ML/LLaDA-8B-Instruct", help="Hugging Face model id or local folder")
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--out", required=True, help="trajectory file to write (.jsonl)")
    ap.add_argument("--raw", action="store_true", help="do not wrap the prompt in the chat template")
    ap.add_argument("--steps", type=int, default=128)
    ap.add_argument("--gen-length", type=int, default=128)
    ap.add_argument("--block-length", type=int, default=32)
    ap.add_argument("--temperature", type=float, default=0.0)
    ap.add_argument("--cfg-scale", type=float, default=0.0)
    ap.add_argument("--remasking", choices=sorted(REMASKING), default="low_confidence")
    ap.add_argument("--mask-id", type=int, default=None,
                    help="the mask token's id (default: the config's mask_token_id, else LLaDA's 126336)")
    ap.add_argument("--candidates", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()

    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(args.model, trust_remote_code=True)
    dtype = torch.bfloat16 if args.device != "cpu" else torch.float32
    model = load_model(args.model, dtype, args.device)
    mask_id = args.mask_id if args.mask_id is not None else getattr(model.config, "mask_token_id", None)
    if mask_id is None:
        mask_id = LLADA_MASK_ID
        print(f"no mask_token_id in {args.model}'s config: using LLaDA's {mask_id} (--mask-id to set it)")
    eos_token_ids = eos_ids(model.config, tokenizer, mask_id)
    text = args.prompt
    if not args.raw and getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True,
                                             tokenize=False)
    ids = tokenizer(text)["input_ids"]
    recording = record_generate(model, torch.tensor([ids]), steps=args.steps, gen_length=args.gen_length,
                                block_length=args.block_length, temperature=args.temperature,
                                cfg_scale=args.cfg_scale, remasking=args.remasking, mask_id=mask_id,
                                eos_token_ids=eos_token_ids, candidates=args.candidates, seed=args.seed, tokenizer=tokenizer,
                                model_name=args.model)
    recording.write(args.out)
    answer = tokenizer.batch_decode(recording.tokens[:, len(ids):], skip_special_tokens=True)[0]
    print(f"{args.out}: {len(recording.steps)} steps\n{answer}")


if __name__ == "__main__":
    main()
