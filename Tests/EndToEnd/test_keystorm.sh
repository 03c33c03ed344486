#!/usr/bin/env bash
# The key storm, bounded for `make test`: `unmask-bench keystorm` (Benchmarks/UnmaskBench/KeyStormBench.swift)
# drives the built `unmask tui` on a private pty while ESPO trains on the Train tab, with 300 seeded inputs over
# every tab (knobs pushed to and past their limits by runs of +/- and :set), and fails if unmask ends (a trap),
# an input gets no frame within 2 s, training stops, or q does not exit 0. It does not wait for a finished RL round
# (a debug build's first round is slow); `unmask-bench keystorm` with the defaults (5,000 inputs, after the first
# round, release build) is the full run and the latency figure (docs/measurements.md §6.3).
source "$(dirname "$0")/harness.sh"

BENCH=$(dirname "$UNMASK")/unmask-bench

storm_of_300_inputs_while_espo_trains() {
    [ -x "$BENCH" ] || { echo "  $BENCH is not built (swift build --product unmask-bench)" >&2; return 1; }
    "$BENCH" keystorm --keys 300 --seed 15 --no-round
}

check "300 seeded inputs over every tab while ESPO trains: no trap, every input answered" storm_of_300_inputs_while_espo_trains
summary
