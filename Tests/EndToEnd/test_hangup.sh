#!/usr/bin/env bash
# End-to-end: a terminal that closes under a long run (an ssh session that drops, a closed tmux
# window). The run gets SIGHUP while its progress line goes to a tty that now fails every write;
# it must still save a checkpoint and end (docs/platform.md, "Interrupts": a failed write once
# trapped before the save).
# Run: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_hangup.sh
source "$(dirname "$0")/harness.sh"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"; cleanup_server' EXIT

# Closes the terminal of the running app (the whole tmux server) and waits for the app to end.
close_terminal() {
    local pid deadline=$((SECONDS + E2E_TIMEOUT))
    pid=$(app_pid)
    [ -n "$pid" ] || { echo "  the app is not running" >&2; return 1; }
    cleanup_server
    # Gone, or a zombie its new parent has not reaped yet.
    while kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]; do
        if [ $SECONDS -ge $deadline ]; then
            echo "  the app outlived its terminal" >&2
            kill -KILL "$pid" 2>/dev/null
            return 1
        fi
        sleep 0.1
    done
}

# The checkpoint the hangup saved (the runs checkpoint only at their end otherwise).
saved_after_start() {
    local state=$1/latest/$2
    [ -f "$state" ] || { echo "  no checkpoint in $1" >&2; return 1; }
    ! grep -qE "\"(step|round)\" : 0," "$state" || { echo "  the checkpoint is the start's" >&2; return 1; }
}

test_train_saves_when_its_terminal_closes() {
    app_start -- train --task arith --preset nano --batch 8 --threads 1 --steps 100000 \
        --checkpoint-every 0 --out "$SCRATCH/train"
    wait_for 'step [0-9]{2,}/100000' || return 1
    close_terminal && saved_after_start "$SCRATCH/train" trainer_state.json
}

test_espo_saves_when_its_terminal_closes() {
    app_start -- espo --model Examples/models/countdown --rounds 100000 --prompts 2 --group 2 \
        --iterations 1 --micro-batch 4 --mc 1 --eval-every 0 --checkpoint-every 0 --threads 1 --out "$SCRATCH/espo"
    wait_for 'round [0-9]{2,}/100000' || return 1
    close_terminal && saved_after_start "$SCRATCH/espo" rl_state.json
}

check train_saves_when_its_terminal_closes test_train_saves_when_its_terminal_closes
check espo_saves_when_its_terminal_closes test_espo_saves_when_its_terminal_closes
summary
