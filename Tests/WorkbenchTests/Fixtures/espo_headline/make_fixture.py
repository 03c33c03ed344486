"""Trims three runs of the 1,000-step ESPO headline (Examples/espo/run-headline.sh) to the
curves README's `unmask watch` screenshot shows, so the screenshot is tested without the runs.

Run from the repository root, after the headline's seed-0 Countdown runs exist:
    python3 Tests/WorkbenchTests/Fixtures/espo_headline/make_fixture.py /path/to/espo-headline

Writes espo/, d1/ and wd1/metrics.jsonl here: every 10th round's first optimizer step, with the
step, the rollout reward, the KL and (every 50 rounds) the held-out greedy success,
and the final evaluation, exactly as the runs logged them.
"""

import json
import os
import sys

KEYS = ["step", "reward/mean", "kl", "eval/success"]


def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    for objective in ["espo", "d1", "wd1"]:
        source = os.path.join(out, f"countdown-{objective}-s0", "metrics.jsonl")
        kept = []
        with open(source) as f:
            for line in f:
                row = json.loads(line)
                if (row.get("iteration") == 0 and row["round"] % 10 == 0) or "eval/success" in row:
                    kept.append({k: row[k] for k in KEYS if k in row})
        os.makedirs(os.path.join(here, objective), exist_ok=True)
        with open(os.path.join(here, objective, "metrics.jsonl"), "w") as f:
            for row in kept:
                f.write(json.dumps(row) + "\n")
        print(f"{objective}: {len(kept)} lines from {source}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixture.py OUT  (the folder run-headline.sh wrote)")
    main(sys.argv[1])
