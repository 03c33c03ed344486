#!/usr/bin/env bash
# End-to-end: the workbench driving a backend process (`unmask tui --backend CMD`,
# docs/backend-protocol.md) — the numpy fake backend, python3 + numpy only. Run from the
# repository root: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_backend.sh
source "$(dirname "$0")/harness.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; cleanup_server' EXIT
FAKE="python3 $(pwd)/Examples/backends/fake_backend.py"
TITLE='Unmask · fake-llama-seed0 \(cpu via local pipe · [0-9]+ ms\)'
DONE='NFE [0-9]+ · [0-9.]+ s'

# Sampling, predictions at the cursor, a branch and a pin, all answered by the backend.
test_sample_branch_pin() {
    app_start -s 160x40 -- tui --backend "$FAKE"
    wait_for "$TITLE" && wait_for 'step 24/24 · ' && wait_for "$DONE" || return 1
    wait_for 'prompt +the' || return 1
    send Home Right Right Right Right && wait_for 'step 4/24 ·' || return 1
    # Position 4 is the first generated one; at step 4 some of the first block is still masked:
    # move right until the cursor shows the model's candidates.
    local i
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
        screen | grep -qE "Cursor @[0-9]+ .*" && screen | grep -qE "^│'[^']+' [0-9]\.[0-9]{2} +'" && break
        send l && sleep 0.3
    done
    wait_for "^│'[^']+' [0-9]\.[0-9]{2} +'" || return 1
    send p && wait_for "branch b1 from step 4 with '.' pinned at [0-9]+" || return 1
    wait_for "branches  main · b1 \\(step 4, '.'@[0-9]+\\)" && wait_for "$DONE" || return 1
    send B && wait_for 'Trajectory.* main · row' || return 1
    send b && wait_for 'branches  main · b1 .* b2 \(step [0-9]+\)' && wait_for 'Trajectory.* b2 · row' || return 1
    send q && wait_exit && expect_status 0 && terminal_restored
}

# A knob edit cancels the stream in flight: the backend logs the cancel within a step or two,
# long before the slow sample (24 steps × 0.15 s) would have finished.
test_steps_change_cancels_the_stream() {
    app_start -s 160x40 -- tui --backend "$FAKE --delay 0.15 2>$WORK/backend.log"
    wait_for 'NFE [1-9] · sampling…' || return 1
    send Down Down && wait_for '▸ steps +24' || return 1
    send - && wait_for '· 20 steps ·' || return 1
    wait_for 'step 20/20 · ' 20 && wait_for "$DONE" || return 1
    grep -qE 'cancelled request 1 after ([1-9]|1[0-9]) replies' "$WORK/backend.log" \
        || { echo "  no early cancel in the backend's log:" >&2; sed 's/^/  | /' "$WORK/backend.log" >&2; return 1; }
    send : && send -l 'set strategy radd' && send Enter
    wait_for 'not applied: the backend samples llada, not radd' || return 1
}

# Token text on demand: the hello names no vocabulary (a small first line), and the tokens and the
# cursor's candidates show the text the backend sends for the ids on screen, not placeholders.
test_token_text_on_demand() {
    local hello
    hello=$(python3 Examples/backends/fake_backend.py </dev/null 2>/dev/null | head -n 1)
    [ "${#hello}" -lt 1024 ] && ! grep -q token_text <<<"$hello" \
        || { echo "  the hello is ${#hello} bytes or carries token_text: $hello" >&2; return 1; }
    grep -q '"tokens": *true' <<<"$hello" || { echo "  no tokens capability: $hello" >&2; return 1; }
    app_start -s 160x40 -- tui --backend "$FAKE"
    wait_for "$DONE" || return 1
    wait_for '^│the [a-z .,!?]{8}┊[a-z .,!?]{8}┊[a-z .,!?]{8} ' || return 1
    wait_for "^│'[a-z .,!?]' [0-9]\.[0-9]{2} +'[a-z .,!?]' " || return 1
    ! screen | grep -E "^│(the |')" | grep -q '…' || { echo "  placeholders left in the tokens" >&2; return 1; }
    send q && wait_exit && expect_status 0
}

test_elbo() {
    app_start -s 160x40 -- tui --backend "$FAKE"
    wait_for "$DONE" || return 1
    send : && send -l 'units 64' && send Enter
    send 4 && wait_for 'estimator +espo' || return 1
    send e && wait_for 'bits/token +[0-9.]+ ± ' && wait_for 'units +64 / 64' 30 || return 1
    send 5 && wait_for 'Train · ESPO and baselines.*local engine only \(not the backend\)' || return 1
    send t && wait_for 'training runs on the local engine' || return 1
}

# Kill the backend: the status bar says so with its stderr, the UI still answers keys, and
# `:backend restart` brings it back and resamples.
test_kill_and_restart() {
    app_start -s 160x40 -- tui --backend "$FAKE --pid-file $WORK/pid"
    wait_for "$DONE" && [ -s "$WORK/pid" ] || return 1
    kill "$(cat "$WORK/pid")"
    wait_for 'backend exited with status 143 \(signal 15\) · stderr: fake_backend: ' || return 1
    wait_for 'backend down · :backend restart' && wait_for 'cpu via local pipe · down' || return 1
    send 3 && wait_for 'Compare' && send 1 || return 1
    send Down Down - && wait_for 'the backend is not running: :backend restart starts it again' || return 1
    send : && send -l 'backend restart' && send Enter
    wait_for 'backend restarted: fake-llama-seed0 on cpu' && wait_for "$TITLE" || return 1
    wait_for 'step 20/20 · ' && wait_for "$DONE" && wait_for 'ready$' || return 1
    send q && wait_exit && expect_status 0
}

test_backend_that_cannot_start() {
    app_start -- tui --backend "$FAKE --protocol 7"
    wait_exit && expect_status 2 || return 1
    wait_for 'unmask: backend stdout line 1: the backend speaks protocol 7, this unmask speaks 1' && terminal_restored
}

check sample_branch_pin test_sample_branch_pin
check steps_change_cancels_the_stream test_steps_change_cancels_the_stream
check token_text_on_demand test_token_text_on_demand
check elbo test_elbo
check kill_and_restart test_kill_and_restart
check backend_that_cannot_start test_backend_that_cannot_start
summary
