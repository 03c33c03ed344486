#!/usr/bin/env python3
"""What limits RL from a task model: reads the samples.jsonl of a one-round `unmask espo` run that
wrote every group (`--sample-groups` = `--prompts`), or the JSONL of `unmask eval --samples G
--completions FILE`, and prints, per prompt class, the per-sample success and reward, pass@k for
k = 1, 4, 16, 64 (those ≤ G) and G, and the share of prompts the policy never or always solves.

Countdown prompts are classed by the simplest operators any solution needs (brute force over all
orders and both bracketings, exact fractions): "+-" only, "*" or "/" needed. Sudoku prompts by
their number of blanks.

usage: Examples/espo/diagnose.py RUN_DIR | COMPLETIONS.jsonl
"""
import itertools
import json
import os
import sys
from collections import defaultdict
from fractions import Fraction
from math import comb

OPS = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
       "/": lambda x, y: x / y if y != 0 else None}


def values(numbers, ops):
    """Every value of a, b, c in any order with two operators from `ops`, either bracketing."""
    out = set()
    for a, b, c in itertools.permutations([Fraction(n) for n in numbers]):
        for p, q in itertools.product(ops, repeat=2):
            left = OPS[p](a, b)
            if left is not None:
                v = OPS[q](left, c)
                if v is not None:
                    out.add(v)
            right = OPS[q](b, c)
            if right is not None:
                v = OPS[p](a, right)
                if v is not None:
                    out.add(v)
    return out


def countdown_class(prompt):
    numbers, target = prompt.split("=")
    numbers, target = [int(n) for n in numbers.split()], Fraction(int(target))
    for name, ops in [("+- only", "+-"), ("needs *", "+-*"), ("needs /", "+-*/")]:
        if target in values(numbers, ops):
            return name
    return "unsolvable?"


def pass_at(k, n, c):
    """Unbiased pass@k from n samples with c successes (Chen et al.)."""
    return 1.0 if n - c < k else 1 - comb(n - c, k) / comb(n, k)


def main(run):
    groups = defaultdict(list)
    path = run if os.path.isfile(run) else os.path.join(run, "samples.jsonl")
    for line in open(path):
        e = json.loads(line)
        if e.get("round", 0) == 0:
            groups[e["prompt"]].append(e["reward"])
    G = min(len(r) for r in groups.values())
    sudoku = all(len(p) == 16 and p.isdigit() for p in groups)
    classify = (lambda p: f"{p.count('0')} blanks") if sudoku else countdown_class
    classes = defaultdict(list)
    for prompt, rewards in groups.items():
        classes[classify(prompt)].append(rewards)
    classes["all"] = list(groups.values())
    ks = sorted({k for k in (1, 4, 16, 64) if k <= G} | {G})
    print(f"{len(groups)} prompts × G = {G} samples")
    print("| class | prompts | mean reward | success per sample | " + " | ".join(f"pass@{k}" for k in ks)
          + " | never solved | always solved | partial credit only |")
    print("|---|---|---|---|" + "---|" * len(ks) + "---|---|---|")
    for name in sorted(classes, key=lambda n: (n == "all", int(n.split()[0]) if n[0].isdigit() else 0, n)):
        rs = classes[name]
        wins = [sum(r == 1 for r in g) for g in rs]
        n = len(rs)
        per_sample = sum(wins) / sum(len(g) for g in rs)
        passes = [sum(pass_at(k, len(g), c) for c, g in zip(wins, rs)) / n for k in ks]
        never = sum(c == 0 for c in wins) / n
        always = sum(c == len(g) for c, g in zip(wins, rs)) / n
        partial = sum(c == 0 and len(set(g)) > 1 for c, g in zip(wins, rs)) / n
        reward = sum(map(sum, rs)) / sum(len(g) for g in rs)
        print(f"| {name} | {n} | {reward:.3f} | {100 * per_sample:.1f}% | "
              + " | ".join(f"{100 * p:.1f}%" for p in passes)
              + f" | {100 * never:.1f}% | {100 * always:.1f}% | {100 * partial:.1f}% |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
