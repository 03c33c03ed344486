#!/usr/bin/env python3
"""Where a run's learning signal goes: rollout success and the share of groups that carry a
gradient, in the first and the last 100 rounds, per (task, objective, lr, clip ε), mean over seeds.

A group of G completions of one prompt gives leave-one-out advantages only when its rewards
differ; a group with no correct completion, or with identical rewards, adds nothing. From each
run's metrics.jsonl (the first iteration of every round, where the rollout figures are logged).

usage: Examples/espo/late_rounds.py RUNS_DIR [RUN_PREFIX ...]   (e.g. countdown-espo-lr2e-5)
"""
import json
import os
import statistics
import sys
from collections import defaultdict


def rounds(run):
    return [r for r in (json.loads(line) for line in open(os.path.join(run, "metrics.jsonl")) if line.strip())
            if r.get("iteration") == 0]


def window(records, lo, hi):
    rs = [r for r in records if lo <= r["round"] < hi]
    return (statistics.mean(r["success"] for r in rs), statistics.mean(1 - r["groups/any_success"] for r in rs),
            statistics.mean(r["zero_std_ratio"] for r in rs))


def main(root, prefixes):
    groups = defaultdict(list)
    for d in sorted(os.listdir(root)):
        path = os.path.join(root, d)
        if not os.path.exists(path + ".cpu") or d.startswith(("diag-", "rate-", "recheck-", "pilot-")):
            continue
        if prefixes and not any(d.startswith(p + "-s") for p in prefixes):
            continue
        with open(os.path.join(path, "latest", "rl_state.json")) as f:
            c = json.load(f)["config"]
        records = rounds(path)
        last = records[-1]["round"] + 1
        groups[(d.split("-")[0], c["objective"], c["learningRate"], c["epsilonLow"])].append(
            (window(records, 0, 100), window(records, last - 100, last)))
    print("| task | objective | lr | ε | seeds | rollout success, rounds 0–99 → last 100 (%) "
          "| groups with no correct completion (%) | groups with no reward spread (%) |")
    print("|---|---|---|---|---|---|---|---|")
    for (task, objective, lr, eps), runs in sorted(groups.items()):
        def mean(i, j):
            return 100 * statistics.mean(r[i][j] for r in runs)
        print(f"| {task} | {objective} | {lr:g} | {eps:g} | {len(runs)} | {mean(0, 0):.1f} → {mean(1, 0):.1f} "
              f"| {mean(0, 1):.1f} → {mean(1, 1):.1f} | {mean(0, 2):.1f} → {mean(1, 2):.1f} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
