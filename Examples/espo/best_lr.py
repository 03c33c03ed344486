#!/usr/bin/env python3
"""Each objective's best learning rate per task, from the seed-0 runs of run-headline.sh's tune stage and
headline stage (lr 2e-5, 1e-4 and the protocol's 5e-5): the highest final held-out score (Countdown:
greedy success; Sudoku: cell accuracy). A tie keeps the protocol's rate. Prints `task objective lr`
per line, for run-headline.sh's best stage; a (task, objective) with a learning rate not finished yet
is left out, so the stage runs only what the tuning has decided.

usage: Examples/espo/best_lr.py RUNS_DIR
"""
import os
import sys
from collections import defaultdict

from summarize import load

PROTOCOL_LR = 5e-5
RATES = (2e-5, 5e-5, 1e-4)


def main(root):
    scores = defaultdict(dict)
    for d in sorted(os.listdir(root)):
        if not os.path.exists(os.path.join(root, d + ".cpu")) or d.startswith(("diag-", "rate-", "recheck-", "pilot-")):
            continue
        r = load(os.path.join(root, d))
        if r["seed"] != 0 or r["beta"] != 0.01 or r["eps"] != 0.2 or (r["objective"] == "espo" and r["kl"] != "k2"):
            continue
        score = r["cells_after"] if r["task"] == "sudoku" else r["after"]
        scores[(r["task"], r["objective"])][r["lr"]] = score
    for (task, objective), by_lr in sorted(scores.items()):
        if not all(any(abs(lr - rate) < 1e-12 for lr in by_lr) for rate in RATES):
            continue
        best = max(by_lr, key=lambda lr: (by_lr[lr], lr == PROTOCOL_LR))
        print(task, objective, f"{best:.0e}".replace("e-0", "e-"))  # 2e-5, as run-headline.sh names runs


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
