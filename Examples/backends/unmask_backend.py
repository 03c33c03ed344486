"""The Unmask backend protocol, version 1 (docs/backend-protocol.md): the server loop and the sampler
semantics every backend shares. Standard library and numpy only, so the numpy fake backend and the torch
server (serve_torch.py) both import it.

A backend is a `Model` (below) handed to `serve(model)`: hello fields, a forward pass returning logits,
the display text of one token id (`token_text(id)`, asked for on demand by `tokens` requests), and
optionally its own sampler. `serve` reads JSON Lines on stdin on a thread of its own, runs the
requests in flight one step at a time in turn (so a `cancel` or a new request is seen within one step),
and writes replies to stdout. Logs go to stderr; stdout carries only protocol lines.
"""

import json
import math
import queue
import sys
import threading
import time

import numpy as np

PROTOCOL = 1
REMASKINGS = ("low-confidence", "random")
ESTIMATORS = ("continuous", "count", "llada", "espo", "lambda")
ELBO_GROUP = 8  # rows of one llada / lambda unit (espo: twice), as the Swift engine's ELBO pane uses


class Refusal(Exception):
    """A request this backend does not run: answered with an `error` line of this code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# ---- LLaDA's schedule (docs/methods.md §1.4; the Swift engine's SamplerConfig+Semantics.swift) ----

def block_ranges(gen_length, block_length):
    """Offsets of each semi-autoregressive block in the generated region; a trailing partial block is allowed."""
    b = max(1, min(block_length or gen_length, gen_length))
    return [range(lo, min(lo + b, gen_length)) for lo in range(0, gen_length, b)]


def split(n, parts):
    """LLaDA's get_num_transfer_tokens: floor(n/parts) each, the first (n mod parts) one more."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def schedule(config):
    """(block index, steps left in the block including this one) for every schedule step, in order."""
    blocks = block_ranges(config["generation_length"], config.get("block_length"))
    for b, steps in enumerate(split(config["steps"], len(blocks))):
        for s in range(steps):
            yield b, steps - s


def quota(masked, remaining):
    """Tokens the next step commits when `masked` remain for `remaining` steps: ceil(m/s), the same
    front-loaded split as at the block's entry, so a branch resumes the schedule anywhere."""
    return (masked + remaining - 1) // remaining


def check_sampler(config, vocab_size, max_length, prompt_length, remaskings=REMASKINGS, guidance=False):
    """Refuses what a backend's LLaDA loop does not implement, with the knob's name."""
    strategy = config.get("strategy", "llada")
    if strategy != "llada":
        raise Refusal("unsupported", f"this backend samples strategy llada only, not {strategy}")
    if config.get("remasking", "low-confidence") not in remaskings:
        raise Refusal("unsupported", f"remasking {config.get('remasking')} is not implemented (only {', '.join(remaskings)})")
    if config.get("cfg_scale", 0) != 0 and not guidance:
        raise Refusal("unsupported", "classifier-free guidance (cfg_scale != 0) is not implemented")
    if config.get("cache", "none") != "none":
        raise Refusal("unsupported", "the key/value cache (cache != none) is not implemented")
    n, steps = config.get("generation_length", 128), config.get("steps", 128)
    blocks = len(block_ranges(n, config.get("block_length")))
    if n < 1 or steps < blocks or steps > n:
        raise Refusal("bad_request", f"steps {steps} must be in {blocks}...{n} for generation_length {n}")
    if prompt_length + n > max_length:
        raise Refusal("bad_request", f"prompt ({prompt_length}) + generation_length ({n}) exceeds {max_length} positions")
    if config.get("temperature", 0) < 0:
        raise Refusal("bad_request", "temperature must be >= 0")
    if (config.get("forbid_eos") or config.get("eos_confidence_last")) and not config.get("eos_token_ids"):
        raise Refusal("bad_request", "forbid_eos / eos_confidence_last need eos_token_ids")
    config.setdefault("generation_length", n)
    config.setdefault("steps", steps)


def rounded(p):
    return float(f"{p:.6g}")


def top_candidates(probs, k):
    """[[id, p], ...] best first, for one position's probabilities [V]."""
    k = min(k, probs.shape[-1])
    ids = np.argsort(-probs, kind="stable")[:k]
    return [[int(i), rounded(float(probs[i]))] for i in ids]


# ---- ELBO units (docs/methods.md §0.1; the Swift engine's ELBOEstimator) ----

def elbo_unit(estimator, length, group, rng):
    """One unit's rows as (masked completion offsets, weight) pairs; Σ weight·CE over them estimates the NELBO."""
    L = length
    subset = lambda n: rng.permutation(L)[:n]
    if estimator == "continuous":
        t = 1.0 - rng.random()  # (0, 1]
        return [(np.nonzero(rng.random(L) < t)[0], 1 / t)]
    if estimator == "count":
        n = 1 + int(rng.integers(L))
        return [(subset(n), L / n)]
    if estimator == "llada":
        k = 1 + int(rng.integers(L))
        ns = [(int(round(k + i * L / group)) - 1) % L + 1 for i in range(group)]
        return [(subset(n), L / n / group) for n in ns]
    if estimator == "espo":
        k = int(rng.integers(L + 1))
        rows = []
        for b in range(group):
            n = int(round(k + b * (L + 1) / group)) % (L + 1)
            s = subset(n)
            rest = np.setdiff1d(np.arange(L), s)
            half = 0.5 / group
            rows += [(s, 0 if n == 0 else half * (L + 1) / n), (rest, 0 if n == L else half * (L + 1) / (L - n))]
        return rows
    if estimator == "lambda":
        lams = [(1.0 - rng.random() + i) / group for i in range(group)]
        return [(np.nonzero(rng.random(L) < lam)[0], 1 / lam / group) for lam in lams]
    raise Refusal("unsupported", f"ELBO estimator {estimator} is not implemented (only {', '.join(ESTIMATORS)})")


def log_softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


# ---- the server loop ----

def token_texts(model, ids):
    """The `tokens` reply's text: {"<id>": display text} for the asked ids in 0..<vocab_size, each decoded
    on its own by `model.token_text(id)` (ids outside the vocabulary are a bad request)."""
    if not isinstance(ids, list) or any(not isinstance(i, int) or not 0 <= i < model.vocab_size for i in ids):
        raise Refusal("bad_request", f"tokens: ids must be a list of integers in 0..<{model.vocab_size}")
    return {str(i): model.token_text(i) for i in ids}


class Server:
    """Runs requests as generators of reply objects, one step each in turn; answers predict and ping at once."""

    def __init__(self, model, out=sys.stdout, delay=0.0):
        self.model = model
        self.out = out
        self.delay = delay
        self.inbox = queue.Queue()
        self.jobs = {}  # id -> generator of reply dicts
        self.replies = {}  # id -> replies written so far (for the log)

    def write(self, obj):
        self.out.write(json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n")
        self.out.flush()

    def read_stdin(self, stream):
        for line in stream:
            self.inbox.put(line)
        self.inbox.put(None)

    def handle(self, line):
        """One request line; False at the end of input."""
        if line is None:
            return False
        if not line.strip():
            return True
        try:
            msg = json.loads(line)
            if not isinstance(msg, dict):
                raise ValueError("not an object")
        except ValueError as e:
            self.write({"type": "error", "id": None, "code": "bad_json", "message": f"not a JSON object: {e}"})
            return True
        kind, rid = msg.get("type"), msg.get("id")
        try:
            if kind == "ping":
                self.write({"type": "pong", "id": rid})
            elif kind == "cancel":
                if self.jobs.pop(rid, None) is not None:
                    log(f"cancelled request {rid} after {self.replies.pop(rid, 0)} replies")
                    self.write({"type": "cancelled", "id": rid})
            elif kind == "predict":
                self.write({"type": "predictions", "id": rid, "top": self.model.predict(msg["tokens"], msg.get("k", 5))})
            elif kind == "tokens":
                self.write({"type": "tokens", "id": rid, "text": token_texts(self.model, msg["ids"])})
            elif kind == "sample":
                self.jobs[rid] = self.model.sample(msg)
            elif kind == "elbo":
                self.jobs[rid] = self.model.elbo(msg)
            else:
                raise Refusal("unknown_type", f"unknown request type {kind!r}")
        except Refusal as e:
            self.write({"type": "error", "id": rid, "code": e.code, "message": e.message})
        except (KeyError, TypeError, ValueError) as e:
            self.write({"type": "error", "id": rid, "code": "bad_request", "message": f"{kind}: {e!r}"})
        return True

    def run(self, stream=sys.stdin):
        self.write(self.model.hello())
        threading.Thread(target=self.read_stdin, args=(stream,), daemon=True).start()
        while True:
            # Block for input only when nothing runs; otherwise take what arrived, then one step each.
            try:
                line = self.inbox.get(block=not self.jobs)
            except queue.Empty:
                line = ""
            if not self.handle(line):
                return
            while True:
                try:
                    if not self.handle(self.inbox.get_nowait()):
                        return
                except queue.Empty:
                    break
            for rid in list(self.jobs):
                job = self.jobs.get(rid)
                if job is None:
                    continue
                try:
                    reply = next(job)
                    reply["id"] = rid
                    self.write(reply)
                    self.replies[rid] = self.replies.get(rid, 0) + 1
                    if reply["type"] == "done":
                        del self.jobs[rid]
                        self.replies.pop(rid, None)
                except Refusal as e:
                    del self.jobs[rid]
                    self.write({"type": "error", "id": rid, "code": e.code, "message": e.message})
                if self.delay:
                    time.sleep(self.delay)


class LLaDASampling:
    """LLaDA's generate as a generator of step replies, over `self.logits(x) -> [rows, T, V]` (numpy float64).

    The Swift engine's semantics (docs/methods.md §1.4, §5.2): proposals by Gumbel-max in float64 at
    `temperature` (argmax at 0); scores = probability of the proposal under the un-tempered softmax
    (low-confidence) or U(0,1) (random); the quota's best of the current block committed, ties to the
    lower position; schedule steps with nothing to commit skipped without a network call; a branch's
    start state keeps its tokens and continues the step numbers and NFE."""

    def sample(self, msg):
        config = dict(msg["sampler"])
        problem = msg["problem"]
        prompts = np.array(problem["prompts"], dtype=np.int64)
        if problem.get("generated_vocabulary") is not None:
            raise Refusal("unsupported", "generated_vocabulary is not implemented")
        check_sampler(config, self.vocab_size, self.max_length, prompts.shape[1], self.remaskings)
        rng = np.random.default_rng(int(msg.get("seed", 0)))
        n, plen = config["generation_length"], prompts.shape[1]
        start = msg.get("start")
        if start:
            x = np.array(start["tokens"], dtype=np.int64)
            nfe, index = list(start["nfe"]), int(start["first_step"])
        else:
            x = np.concatenate([prompts, np.full((len(prompts), n), self.mask_id)], axis=1)
            for f in problem.get("fixed", []):
                x[:, plen + f["offset"]] = f["token"]
            nfe, index = [0] * len(x), 0
        if x.shape != (len(prompts), plen + n):
            raise Refusal("bad_request", f"start tokens of shape {list(x.shape)}, expected {[len(prompts), plen + n]}")
        return self._loop(config, rng, x, plen, nfe, index)

    def _loop(self, config, rng, x, plen, nfe, index):
        began, forward, calls, rows_run = time.monotonic(), 0.0, 0, 0
        n, temperature = config["generation_length"], float(config.get("temperature", 0))
        blocks = block_ranges(n, config.get("block_length"))
        eos = list(config.get("eos_token_ids", []))
        k = int(config.get("candidates", 5))
        for b, remaining in schedule(config):
            span = range(plen + blocks[b].start, plen + blocks[b].stop)
            quotas = [quota(int((x[r, span.start:span.stop] == self.mask_id).sum()), remaining) for r in range(len(x))]
            active = [r for r in range(len(x)) if quotas[r] > 0]
            if not active:
                continue
            t = float((x[:, plen:] == self.mask_id).mean())
            tick = time.monotonic()
            logits = self.logits(x[active]).astype(np.float64)
            forward += time.monotonic() - tick
            calls, rows_run = calls + 1, rows_run + len(active)
            if config.get("forbid_eos"):
                logits[..., eos] = -np.inf
            rows = []
            for r in range(len(x)):
                commits = []
                if r in active:
                    nfe[r] += 1
                    commits = self._commit(x, r, logits[active.index(r)], span, quotas[r], temperature, config, eos, k, rng)
                rows.append({"tokens": x[r].tolist(), "commits": commits, "block": b, "nfe": nfe[r]})
            yield {"type": "step", "step": index, "t": t, "rows": rows}
            index += 1
        yield {"type": "done", "seconds": time.monotonic() - began, "forward_seconds": forward,
               "network_calls": calls, "network_rows": rows_run}

    def _commit(self, x, r, logits, span, count, temperature, config, eos, k, rng):
        """Proposes at the row's masked positions of the block, commits the `count` best; the commits in order."""
        positions = [i for i in span if x[r, i] == self.mask_id]
        z = logits[positions]  # [m, V]
        logp = log_softmax(z)
        if temperature > 0:
            u = rng.random(z.shape)
            proposal = np.argmax(z - temperature * np.log(-np.log(u)), axis=-1)
        else:
            proposal = np.argmax(z, axis=-1)
        probs = np.exp(logp)
        chosen = probs[np.arange(len(positions)), proposal]
        scores = chosen.copy() if config.get("remasking", "low-confidence") == "low-confidence" else rng.random(len(positions))
        if config.get("eos_confidence_last"):
            scores[np.isin(proposal, eos)] = -np.inf
        order = sorted(range(len(positions)), key=lambda j: (-scores[j], positions[j]))[:count]
        commits = []
        for j in order:
            token = int(proposal[j])
            x[r, positions[j]] = token
            commits.append({"pos": positions[j], "token": token, "conf": rounded(float(chosen[j])),
                            "top": top_candidates(probs[j], k)})
        return commits

    def predict(self, tokens, k):
        tokens = np.array(tokens, dtype=np.int64)
        probs = np.exp(log_softmax(self.logits(tokens[None])[0].astype(np.float64)))
        return [top_candidates(probs[i], k) if tokens[i] == self.mask_id else [] for i in range(len(tokens))]

    def elbo(self, msg):
        return elbo_replies(msg, self.mask_id, self._nll)

    def _nll(self, inputs, scored, targets):
        logp = log_softmax(self.logits(inputs).astype(np.float64))
        return [float(-logp[r, pos, tgt].sum()) for r, (pos, tgt) in enumerate(zip(scored, targets))]


def elbo_replies(msg, mask_id, nll):
    """Streams per-unit negative ELBO values (nats) in batches of 1, 2, … 16 units, as the Swift pane does.

    Unit u draws its masks from numpy's generator seeded [seed, u]; `nll(inputs [R, T], scored, targets)`
    returns each row's summed cross-entropy at its scored positions (the backend's network, any device)."""
    tokens, prefix = np.array(msg["tokens"], dtype=np.int64), int(msg["prefix"])
    estimator, units, seed = msg["estimator"], int(msg["units"]), int(msg.get("seed", 0))
    if estimator not in ESTIMATORS:
        raise Refusal("unsupported", f"ELBO estimator {estimator} is not implemented")
    L = len(tokens) - prefix
    if L < 1:
        raise Refusal("bad_request", "nothing to score: the sequence is all prefix")
    began, done = time.monotonic(), 0
    while done < units:
        batch = min(units - done, max(1, min(16, done // 4 + 1)))
        values, rows_run = [], 0
        for u in range(done, done + batch):
            rows = elbo_unit(estimator, L, ELBO_GROUP, np.random.default_rng([seed, u]))
            inputs = np.repeat(tokens[None], len(rows), axis=0)
            scored = [prefix + masked for masked, _ in rows]
            for r, pos in enumerate(scored):
                inputs[r, pos] = mask_id
            ce = nll(inputs, scored, [tokens[pos] for pos in scored])
            values.append(sum(w * c for (_, w), c in zip(rows, ce)))
            rows_run += sum(1 for masked, w in rows if len(masked) and w)
        done += batch
        yield {"type": "elbo_units", "values": values, "rows": rows_run}
    yield {"type": "done", "seconds": time.monotonic() - began}
