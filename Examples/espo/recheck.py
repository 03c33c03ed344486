#!/usr/bin/env python3
"""A larger, paired held-out check: greedy success of several models on the same fresh prompts.

Each argument is the folder of a one-round `unmask espo --temperature 0` run that wrote every group
(see `recheck` in run-headline.sh); all must share --seed and --prompts, so they decoded the same
prompts. The first is the baseline. Prints each model's success and mean reward (Sudoku: the share
of empty cells right) and, against the baseline, the prompts it newly solves and newly fails with
McNemar's exact two-sided p-value, and the paired mean reward change with its standard error.

usage: Examples/espo/recheck.py BASE_RUN RUN [RUN ...]
"""
import json
import os
import sys
from math import comb


def outcomes(run):
    """The prompts in order and whether each was solved, from the first completion of each group
    (greedy decoding makes a group's completions identical)."""
    with open(os.path.join(run, "latest", "rl_state.json")) as f:
        group = json.load(f)["config"]["group"]
    entries = [json.loads(line) for line in open(os.path.join(run, "samples.jsonl"))][::group]
    return [e["prompt"] for e in entries], [e["reward"] for e in entries]


def mcnemar(b, c):
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    return min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2 ** n)


def main(base, runs):
    base_prompts, base_rewards = outcomes(base)
    n = len(base_rewards)
    base_solved = [r == 1 for r in base_rewards]
    print("| model | prompts | greedy success | mean reward | newly solved | newly failed | McNemar p | reward change ± s.e. |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {os.path.basename(base.rstrip('/'))} | {n} | {100 * sum(base_solved) / n:.1f}% | {sum(base_rewards) / n:.3f} | | | | |")
    for run in runs:
        prompts, rewards = outcomes(run)
        if prompts != base_prompts:
            sys.exit(f"{run}: different prompts than {base}")
        solved = [r == 1 for r in rewards]
        up = sum(s and not b for s, b in zip(solved, base_solved))
        down = sum(b and not s for s, b in zip(solved, base_solved))
        d = [r - b for r, b in zip(rewards, base_rewards)]
        mean = sum(d) / n
        se = (sum((x - mean) ** 2 for x in d) / (n - 1) / n) ** 0.5
        print(f"| {os.path.basename(run.rstrip('/'))} | {n} | {100 * sum(solved) / n:.1f}% | {sum(rewards) / n:.3f} | {up} | {down} "
              f"| {mcnemar(up, down):.3f} | {mean:+.3f} ± {se:.3f} |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
