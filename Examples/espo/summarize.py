#!/usr/bin/env python3
"""Tables of the ESPO headline runs: held-out greedy success before/after per (task, objective, KL, β, lr, clip ε),
mean ± sd over seeds, from each run folder's metrics.jsonl and rl_state.json.

usage: Examples/espo/summarize.py RUNS_DIR   (the folder run-headline.sh writes; one sub-folder per run)
"""
import json
import os
import statistics
import sys
from collections import defaultdict


def load(run):
    with open(os.path.join(run, "latest", "rl_state.json")) as f:
        state = json.load(f)
    records = [json.loads(line) for line in open(os.path.join(run, "metrics.jsonl")) if line.strip()]
    evals = [r for r in records if "eval/success" in r]
    steps = [r for r in records if "iteration" in r]
    later = [r for r in steps if r["iteration"] > 0]
    c = state["config"]
    cpu = sum(map(float, open(run.rstrip("/") + ".cpu").read().split()))
    return {
        "task": state["task"], "objective": c["objective"], "kl": c["kl"], "beta": c["beta"], "lr": c["learningRate"], "eps": c["epsilonLow"], "seed": c["seed"], "rounds": state["round"],
        "rollouts": state["round"] * c["promptsPerRound"] * c["group"], "steps": len(steps),
        "before": evals[0]["eval/success"], "after": evals[-1]["eval/success"],
        "cells_before": evals[0].get("eval/cell_accuracy"), "cells_after": evals[-1].get("eval/cell_accuracy"),
        "curve": [(r["round"], r["eval/success"], r.get("eval/cell_accuracy")) for r in evals],
        "cpu": cpu,
        "zero_std": statistics.mean(r["zero_std_ratio"] for r in steps),
        "any_success": [r.get("groups/any_success") for r in steps if r["iteration"] == 0],
        "rollout_success": [r["success"] for r in steps if r["iteration"] == 0],
        "kl_last": steps[-1]["kl"],
        # Stability over the run (iteration ≥ 1: at iteration 0 the ratio is 1 by construction).
        # wd1 has no ratio: its records hold null there.
        "ratio_min": min((r["ratio/min"] for r in later if r.get("ratio/min") is not None), default=None),
        "ratio_max": max((r["ratio/max"] for r in later if r.get("ratio/max") is not None), default=None),
        "clip_frac": statistics.mean(r["clip_frac"] for r in later) if all(r.get("clip_frac") is not None for r in later) else None,
        "kl_mean": statistics.mean(r["kl"] for r in steps),
        "kl_max": max(r["kl"] for r in steps),
    }


def pm(values, scale=100, digits=1):
    values = [v * scale for v in values if v is not None]
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def first_last(xs, n=5):
    xs = [x for x in xs if x is not None]
    return (statistics.mean(xs[:n]), statistics.mean(xs[-n:])) if xs else (float("nan"), float("nan"))


def main(root):
    # Finished runs only: run-headline.sh writes NAME.cpu when a run ends.
    runs = [load(os.path.join(root, d)) for d in sorted(os.listdir(root))
            if os.path.exists(os.path.join(root, d + ".cpu")) and not d.startswith(("diag-", "rate-", "recheck-", "pilot-"))]
    groups = defaultdict(list)
    for r in runs:
        groups[(r["task"], r["objective"], r["kl"], r["beta"], r["lr"], r["eps"])].append(r)
    print("| task | objective | KL | β | lr | ε | seeds | rounds | rollouts | greedy success before → after (%) | Δ (points) "
          "| cell accuracy before → after (%) | rollout success first→last 5 rounds (%) | zero-std groups (%) "
          "| CPU s per run (1 thread, evals included) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (task, objective, kl, beta, lr, eps), rs in sorted(groups.items()):
        rs.sort(key=lambda r: r["seed"])
        deltas = [r["after"] - r["before"] for r in rs]
        cells = "—" if rs[0]["cells_before"] is None else \
            f"{pm([r['cells_before'] for r in rs])} → {pm([r['cells_after'] for r in rs])}"
        fl = [first_last(r["rollout_success"]) for r in rs]
        cpu = f"{statistics.mean(r['cpu'] for r in rs):.0f}"
        print(f"| {task} | {objective} | {kl} | {beta:g} | {lr:g} | {eps:g} | {','.join(str(r['seed']) for r in rs)} | {rs[0]['rounds']} | {rs[0]['rollouts']} "
              f"| {pm([r['before'] for r in rs])} → {pm([r['after'] for r in rs])} | {pm(deltas)} | {cells} "
              f"| {pm([a for a, _ in fl])} → {pm([b for _, b in fl])} | {pm([r['zero_std'] for r in rs])} "
              f"| {cpu} |")
    print()
    print("Stability per objective (iterations after the first of each round; ratio range over all runs and steps; "
          "clip fraction and KL per token as mean over steps, mean ± sd over seeds):")
    print()
    print("| task | objective | KL | β | lr | ε | ratio min … max | clip fraction (%) | KL mean | KL max |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (task, objective, kl, beta, lr, eps), rs in sorted(groups.items()):
        lows = [r["ratio_min"] for r in rs if r["ratio_min"] is not None]
        highs = [r["ratio_max"] for r in rs if r["ratio_max"] is not None]
        span = f"{min(lows):.3g} … {max(highs):.3g}" if lows else "— (no ratio)"
        print(f"| {task} | {objective} | {kl} | {beta:g} | {lr:g} | {eps:g} | {span} "
              f"| {pm([r['clip_frac'] for r in rs])} | {pm([r['kl_mean'] for r in rs], 1, 3)} | {pm([r['kl_max'] for r in rs], 1, 3)} |")
    print()
    print("Per run, held-out greedy success (cell accuracy) at each evaluation round:")
    print()
    for r in sorted(runs, key=lambda r: (r["task"], r["objective"], r["kl"], r["beta"], r["lr"], r["eps"], r["seed"])):
        curve = "  ".join(f"r{rd}: {100 * s:.1f}" + (f" ({100 * c:.1f})" if c is not None else "") for rd, s, c in r["curve"])
        print(f"- {r['task']} {r['objective']} {r['kl']} β {r['beta']:g} lr {r['lr']:g} ε {r['eps']:g} seed {r['seed']}: {curve}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
