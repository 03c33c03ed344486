#!/usr/bin/env bash
# End-to-end tests of `unmask watch` in tmux: runs written by real writers, and runs that grow
# while they are watched (metrics.jsonl lines appended by the shell, an event file written step
# by step by TensorBoard's own Python writer, records cut in half and records with a bad CRC).
# Run: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_watch.sh
# The event-file test needs `python3 -c 'import tensorboard'` (make test installs it) and is
# skipped, saying so, without it.
source "$(dirname "$0")/harness.sh"
FIXTURES=$(cd "$(dirname "$0")/../RunLogTests/Fixtures/watch_runs" && pwd)
PYTHON=${PYTHON:-python3}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"; cleanup_server' EXIT
# Each test runs in a subshell (harness `check`); a test that starts a background writer ends
# it by its process id when that subshell exits.

# A Python helper using TensorBoard's own code: `steps DIR FIRST LAST` writes train/reward and
# train/kl with tensorboard.summary.Writer (scalars-plugin tensors), flushing after each step;
# `frame STEP VALUE [bad]` prints one framed Event (simple_value) on stdout, with a data byte
# flipped after the checksums are computed when `bad` is given.
cat >"$SCRATCH/writer.py" <<'EOF'
import struct, sys, time
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c

if sys.argv[1] == "steps":
    from tensorboard.summary import Writer
    writer = Writer(sys.argv[2])
    for step in range(int(sys.argv[3]), int(sys.argv[4]) + 1):
        writer.add_scalar("train/reward", 0.1 * step, step)
        writer.add_scalar("train/kl", 0.01 * step, step)
        writer.flush()
        time.sleep(0.3)
    writer.close()
else:
    step, value = int(sys.argv[2]), float(sys.argv[3])
    event = event_pb2.Event(wall_time=time.time(), step=step, summary=summary_pb2.Summary(
        value=[summary_pb2.Summary.Value(tag="train/reward", simple_value=value)]))
    data = event.SerializeToString()
    header = struct.pack("<Q", len(data))
    frame = bytearray(header + struct.pack("<I", masked_crc32c(header)) + data + struct.pack("<I", masked_crc32c(data)))
    if len(sys.argv) > 4:
        frame[14] ^= 0x01
    sys.stdout.buffer.write(bytes(frame))
EOF

# The newest step the sidebar shows for the first run ("1 ● run   step N"), or empty.
shown_step() { screen | grep -oE '1 ● run +step [0-9]+' | tail -n 1 | grep -oE '[0-9]+$'; }

# Waits until the shown step is at least $1.
wait_for_step() {
    local deadline=$((SECONDS + ${2:-$E2E_TIMEOUT})) s
    while :; do
        s=$(shown_step)
        [ -n "$s" ] && [ "$s" -ge "$1" ] && return 0
        if [ $SECONDS -ge $deadline ]; then
            echo "  timed out waiting for step $1 (shown: ${s:-none}); screen was:" >&2
            screen | tail -n 12 | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.1
    done
}

fixture_runs_overlaid() {
    app_start -- watch "$FIXTURES/trl_grpo" "$FIXTURES/espo" "$FIXTURES/diffu_grpo"
    wait_for 'watching 3 runs · 4 files' || return 1
    local s
    s=$(screen)
    grep -q 'Unmask watch · trl_grpo, espo, diffu_grpo' <<<"$s" || return 1
    grep -qE '1 ● trl_grpo +step 60' <<<"$s" || { echo "  no trl_grpo row" >&2; return 1; }
    grep -qE '2 ● espo +step 8' <<<"$s" || return 1
    grep -qE '3 ● diffu_grpo +step 40' <<<"$s" || return 1
    grep -q '╭─ reward ─' <<<"$s" && grep -q '╭─ completion_length ─' <<<"$s" || { echo "  no merged charts" >&2; return 1; }
    grep -qP '[\x{2801}-\x{28FF}]' <<<"$s" || { echo "  no braille on screen" >&2; return 1; }
    grep -q 'g next metric · } more smoothing · z zoom in · T next theme · ? help · q quit' <<<"$s" || return 1
    screen_ansi | grep -q $'\e\\[38;5;' || { echo "  no 256-colour escapes" >&2; return 1; }
    send 2 && wait_for '2 ○ espo +hidden' || return 1
    send '}' && wait_for 'EMA 0.65' || return 1
    send z && wait_for 'last 50 steps' || return 1
    send '?' && wait_for 'Keys · \? or Esc closes' && wait_for 'q / Ctrl-C +quit' || return 1
    send Escape
    send T && wait_for 'light · 256 colours|high-contrast · 256 colours|nord · 256 colours|monochrome · 256 colours' || return 1
    send q
    wait_exit && expect_status 0 && wait_for '^unmask: bye$' && terminal_restored
}

# metrics.jsonl grows while watched; a half-written line waits for its newline, not a warning.
growing_metrics_jsonl() {
    local run=$SCRATCH/jsonl/run
    mkdir -p "$run"
    : >"$run/metrics.jsonl"
    (for i in $(seq 1 40); do
        printf '{"step": %d, "wall_time": %d, "reward/mean": %s, "kl": %s, "clip_frac": 0.01}\n' \
            "$i" "$i" "0.$((i % 10))" "0.00$((i % 10))" >>"$run/metrics.jsonl"
        sleep 0.15
    done) &
    local writer=$!
    trap "kill $writer 2>/dev/null" EXIT
    app_start -- watch "$run"
    wait_for 'watching 1 run' || return 1
    wait_for_step 3 || return 1
    local first later
    first=$(shown_step)
    wait_for_step $((first + 5)) || return 1
    later=$(shown_step)
    [ "$later" -gt "$first" ] || { echo "  step did not grow ($first → $later)" >&2; return 1; }
    wait_for_step 40 || return 1
    grep -q '╭─ clip_ratio ─' <<<"$(screen)" || { echo "  clip_frac not shown as clip_ratio" >&2; return 1; }
    printf '{"step": 41, "reward/mean": 0.' >>"$run/metrics.jsonl"
    sleep 1
    [ "$(shown_step)" = 40 ] || { echo "  half a line was read" >&2; return 1; }
    ! screen | grep -q 'warning' || { echo "  half a line reported as a warning" >&2; return 1; }
    printf '5}\n' >>"$run/metrics.jsonl"
    wait_for_step 41 || return 1
    resize 80 24
    wait_for 'watching 1 run · 1 file' || return 1
    local s
    s=$(tm capture-pane -p -t e2e)
    [ "$(wc -l <<<"$s")" -eq 24 ] || { echo "  expected 24 rows" >&2; return 1; }
    sed -n 24p <<<"$s" | grep -q '^ watching 1 run' || { echo "  status bar not on the last row" >&2; return 1; }
    sed -n 23p <<<"$s" | grep -q '^ g next metric.* q quit$' || { echo "  hint bar cut before q quit" >&2; return 1; }
    sed -n 22p <<<"$s" | grep -q '^╰.*╯$' || { echo "  bottom border not at row 22" >&2; return 1; }
    resize 50 12
    wait_for 'need 60×16, have 50×12' || return 1
    resize 120 40
    wait_for_step 41 || return 1
    ! tm capture-pane -p -t e2e | grep -q 'too small' || { echo "  stale too-small notice" >&2; return 1; }
    send q
    wait_exit && expect_status 0 && terminal_restored
}

# An event file written step by step by TensorBoard's writer; then a record cut in half (waited
# for, no warning), a record with a bad data CRC (skipped, warning naming file and byte offset)
# and a good record after it (read).
growing_event_file() {
    if ! "$PYTHON" -c 'import tensorboard' 2>/dev/null; then
        echo "  SKIP: $PYTHON cannot import tensorboard (pip install tensorboard)" >&2
        return 0
    fi
    local run=$SCRATCH/events/run
    mkdir -p "$run"
    "$PYTHON" "$SCRATCH/writer.py" steps "$run" 1 20 &
    local writer=$!
    trap "kill $writer 2>/dev/null" EXIT
    app_start -- watch "$run"
    wait_for 'watching 1 run' || return 1
    wait_for_step 2 || return 1
    local first
    first=$(shown_step)
    wait_for_step 20 || return 1
    [ "$first" -lt 20 ] || { echo "  no intermediate steps seen" >&2; return 1; }
    wait "$writer"
    local file offset
    file=$(ls "$run"/events.out.tfevents.*)
    "$PYTHON" "$SCRATCH/writer.py" frame 21 2.1 >"$SCRATCH/frame21"
    head -c 20 "$SCRATCH/frame21" >>"$file"
    sleep 1
    [ "$(shown_step)" = 20 ] || return 1
    ! screen | grep -q 'warning' || { echo "  a half-written record was reported" >&2; return 1; }
    tail -c +21 "$SCRATCH/frame21" >>"$file"
    wait_for_step 21 || return 1
    offset=$(stat -c %s "$file")
    "$PYTHON" "$SCRATCH/writer.py" frame 22 2.2 bad >>"$file"
    "$PYTHON" "$SCRATCH/writer.py" frame 23 2.3 >>"$file"
    wait_for "1 warning: $(basename "$file"): byte $offset: record data fails its CRC-32C" || return 1
    wait_for_step 23 || return 1
    send q
    # The status bar shows the newest warning only: every one is printed at the end.
    wait_exit && expect_status 0 && terminal_restored || return 1
    wait_for '^unmask watch: 1 warning:$' && wait_for "^  $(basename "$file"): byte $offset: record data fails"
}

bad_paths_exit_2_without_the_terminal() {
    local out status
    # A negative number is a value to refuse, not an unknown flag ("Missing value for --interval").
    out=$("$UNMASK" watch --interval -1 "$FIXTURES/espo" 2>&1 </dev/null)
    [ $? -eq 2 ] && grep -q 'interval must be in (0, 60\] seconds' <<<"$out" || { echo "  --interval -1: $out" >&2; return 1; }
    out=$("$UNMASK" watch /no/such/run 2>&1 </dev/null)
    status=$?
    [ $status -eq 2 ] || { echo "  status $status" >&2; return 1; }
    grep -q '/no/such/run: no such file or folder' <<<"$out" || { echo "  message: $out" >&2; return 1; }
    ! grep -q $'\e\\[' <<<"$out" || { echo "  terminal escapes written" >&2; return 1; }
    app_start -- watch "$FIXTURES/../make_watch_fixtures.py"
    wait_exit && expect_status 2 && wait_for 'make_watch_fixtures.py: not a run folder, metrics .jsonl' && terminal_restored || return 1
}

# E2E_ONLY=REGEX runs only the tests whose name matches.
check() { [[ -z "${E2E_ONLY:-}" || "$1" =~ $E2E_ONLY ]] || return 0; harness_check "$@"; }

check "three fixture runs overlaid; keys, help, theme, q" fixture_runs_overlaid
check "metrics.jsonl growing; half a line waits; resize" growing_metrics_jsonl
check "event file growing; cut record waits; bad CRC warns" growing_event_file
check "bad paths exit 2 without entering the terminal" bad_paths_exit_2_without_the_terminal
summary
