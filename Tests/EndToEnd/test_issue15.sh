#!/usr/bin/env bash
# Issue #15's repros ("the workbench, off the demo path"), one scenario per numbered item that
# test_workbench.sh and test_watch.sh do not already replay, each checking the fixed behaviour on
# screen. Items 7 and 13's CLI halves are in Tests/CLITests; item 14 (README) in ReadmeTests.
# Run from the repository root: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_issue15.sh
source "$(dirname "$0")/harness.sh"
DONE='NFE [0-9]+ · [0-9.]+ s'   # the title bar once the sample has finished
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; cleanup_server' EXIT

# Until REGEX is no longer on the screen (a label that must go, a message that must expire).
wait_gone() {
    local re=$1 deadline=$((SECONDS + ${2:-$E2E_TIMEOUT}))
    while screen | grep -qE -- "$re"; do
        if [ $SECONDS -ge $deadline ]; then
            echo "  /$re/ still on screen:" >&2
            screen | grep -E -- "$re" | head -n 3 | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.1
    done
}

braille() { screen | grep -qP '[\x{2801}-\x{28FF}]'; }

# How many charts are drawn (their titles end "· step N ─╮").
charts() { screen | grep -oE '· step [0-9]+ ─+╮' | wc -l; }

# Until exactly N charts are drawn.
wait_charts() {
    local deadline=$((SECONDS + E2E_TIMEOUT))
    until [ "$(charts)" -eq "$1" ]; do
        [ $SECONDS -lt $deadline ] || { echo "  $(charts) charts, expected $1" >&2; return 1; }
        sleep 0.1
    done
}

# Item 4: a knob edit on main keeps the branches (it once dropped them all, silently, while the
# status bar went on about the deleted branch); `x` deletes the viewed branch.
test_knob_edit_keeps_branches() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send Home Right Right Right Right && wait_for 'step 4/16 ·' || return 1
    send b && wait_for 'branches  main · b1 \(step 4\)' || return 1
    send B && wait_for 'Trajectory.* main · row' || return 1
    send j j && wait_for '▸ steps +16' || return 1
    send - && wait_for '· 14 steps ·' && wait_for 'step 14/14 ·' || return 1
    wait_for 'branches  main · b1 \(step 4\)' || return 1
    # The branch keeps its own settings: main's edit is not applied to it.
    send B && wait_for 'Schedule · b1' && wait_for '▸ steps +16' || return 1
    send x && wait_for 'deleted b1' && wait_for 'Trajectory.* main · row' && wait_for 'branches  main +│' || return 1
    ! screen | grep -qE 'b1 \(step|branch b1 from' || { echo "  the deleted branch is still named" >&2; return 1; }
    send q && wait_exit && expect_status 0
}

# Item 4: with more branches than the line holds, the list scrolls so the viewed one shows
# (it once overflowed and hid it).
test_branch_list_scrolls() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send Home Right Right Right Right && wait_for 'step 4/16 ·' || return 1
    send b b b b b b b b b b && wait_for 'Trajectory.* b10 · row' || return 1
    wait_for 'branches  ‹ .*b10 \(step 4\)' || return 1
    send B && wait_for 'Trajectory.* main · row' && wait_for 'branches  main · b1 \(step 4\) · .*›' || return 1
    send q && wait_exit && expect_status 0
}

# Item 5: a new estimator clears the old one's result and plot (they once stayed under the new
# name); the target line is whole at 80×24; a finished estimate says done, a stopped one stopped.
test_elbo_labels_follow_estimator() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'units 30' && send Enter
    send 4 && wait_for 'estimator +espo' && wait_for 'state +idle \(e starts\)' || return 1
    send e && wait_for 'state +done \(e runs again\)' 60 && wait_for 'bits/token +[0-9.]+ ± ' || return 1
    braille || { echo "  no convergence plot" >&2; return 1; }
    send m && wait_for 'estimator +lambda' && wait_for 'state +idle \(e starts\)' || return 1
    wait_gone 'bits/token|units +[0-9]' || return 1
    ! braille || { echo "  the previous estimator's plot is still drawn" >&2; return 1; }
    resize 80 24 && wait_for 'target +final sequence of main +│' || return 1
    send d && wait_for 'target +held-out set \(first 64\) +│' || return 1
    send : && send -l 'units 100000' && send Enter
    send e && wait_for 'state +running… \(e stops\)' && wait_for 'units +[0-9]+ / 100000' 60 || return 1
    send e && wait_for 'state +stopped \(e restarts\)' || return 1
    send q && wait_exit && expect_status 0
}

# Item 6: the glyphs model's Image tab reaches all 10 classes (it once showed 0–7 only), no tile
# keeps a masked patch at the last step, and `:prompt 9` says what an image model samples.
test_glyphs_every_class() {
    app_start -s 200x60 -- tui --model Examples/models/glyphs
    wait_for 'Image samples' && wait_for "$DONE" 60 || return 1
    send 2 && wait_for '^│ +0 +1 +2 +3 +4 +5 +6 +7 +│' && wait_for '^│ +8 +9 +│' || return 1
    send End && wait_for 'step 16/16 · t' || return 1
    ! screen | grep -q '░' || { echo "  a masked patch at the last step" >&2; return 1; }
    resize 120 40 && wait_for '^│ +0 +1 +2 +3 +│' && wait_for '\+2 more' || return 1
    send w w w w w w w w w && wait_for '^│ +8 +9 +│' || return 1
    ! screen | grep -q '░' || { echo "  a masked patch at the last step (classes 8, 9)" >&2; return 1; }
    send : && send -l 'prompt 9' && send Enter && wait_for 'an image model samples one row per class' || return 1
    send q && wait_exit && expect_status 0
}

# Item 9: steps past the length are refused, so the title, the plan and the trajectory agree
# (once "18 steps", "NFE 18" and "16/16 · NFE 16"); + and − retrace each other's notches. The
# finished state is at t 0 (the header once showed the last step's start, "t 0.06"), step 0 at t 1.
test_steps_and_nfe_agree() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'set steps 18' && send Enter || return 1
    wait_for 'not applied: steps \(18\) must be ≤ generation_length \(16\)' || return 1
    wait_for '· 16 steps ·' && wait_for 'step 16/16 · t 0.00 · NFE 16 ' && wait_for 'masked per step · NFE 16 ' || return 1
    send Home && wait_for 'step 0/16 · t 1.00 · NFE 0 ' && send Right && wait_for 'step 1/16 · t 0.94 · NFE 1 ' || return 1
    send End && wait_for 'step 16/16 · t 0.00' || return 1
    send j j && wait_for '▸ steps +16' || return 1
    send + && wait_for 'not applied: steps \(20\)' && wait_for '▸ steps +16' || return 1
    send - && wait_for '▸ steps +14' && wait_for '· 14 steps ·' && wait_for 'step 14/14 · t [0-9.]+ · NFE 14 ' || return 1
    wait_for 'masked per step · NFE 14 ' || return 1
    send - && wait_for '▸ steps +12' && send + && wait_for '▸ steps +14' && send + && wait_for '▸ steps +16' || return 1
    wait_for '· 16 steps ·' && wait_for 'step 16/16 · t [0-9.]+ · NFE 16 ' || return 1
    send : && send -l 'set strategy radd-ordered' && send Enter && wait_for 'radd-ordered · 16 steps ·' || return 1
    wait_for 'step 16/16 · t [0-9.]+ · NFE 16 ' && wait_for 'masked per step · NFE 16 ' || return 1
    send q && wait_exit && expect_status 0
}

# Item 11: each tab has its own hint bar (Train and Models once offered "Left step back · b
# branch here"), a status message expires, and keys that do nothing on an image model say so.
test_hints_and_status_per_tab() {
    app_start -- tui --model Examples/models/glyphs
    wait_for "$DONE" 60 || return 1
    send 5 && wait_for '^ t train: start / pause' || return 1
    ! screen | grep -qE 'Left step back|b branch here' || { echo "  the Tokens hints on the Train tab" >&2; return 1; }
    send 6 && wait_for '^ Down next knob / item' || return 1
    ! screen | grep -qE 'Left step back|b branch here' || { echo "  the Tokens hints on the Models tab" >&2; return 1; }
    send 2 && wait_for '^ Space play / pause · Left step back · w next row' || return 1
    send c && wait_for 'colouring applies to token trajectories \(1 Tokens\)' || return 1
    wait_gone 'colouring applies' 20 || return 1
    send R && wait_for 'seed +1 ' || return 1
    # `:run` on an image model says why in the status bar (it once said nothing off the Train tab).
    send : && send -l 'run image-run' && send Enter || return 1
    wait_for 'RL needs a task model \(countdown, sudoku4\)' || return 1
    send 5 && wait_for 'needs a task model' || return 1
    ! screen | grep -q 'image-run' || { echo "  the refused folder was taken" >&2; return 1; }
    send q && wait_exit && expect_status 0
}

# An ESPO run written by the CLI: two short rounds on the countdown model.
espo_run() {
    [ -s "$WORK/espo/metrics.jsonl" ] && return 0
    "$UNMASK" espo --model Examples/models/countdown --rounds 2 --prompts 2 --group 2 --iterations 2 \
        --micro-batch 4 --out "$WORK/espo" >"$WORK/espo.txt" 2>&1 || { cat "$WORK/espo.txt" >&2; return 1; }
}

# Item 12: the Train tab's curves and `unmask watch` answer the same keys the same way (they
# once had different keys for smoothing, layout, theme and hiding).
test_curves_keys_match_watch() {
    espo_run || return 1
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send 5 && send : && send -l "run $WORK/espo" && send Enter && wait_for 'paused at round 2' || return 1
    wait_for '╭─ reward ─' && wait_for 'EMA 0\.60 · all steps' && [ "$(charts)" -gt 2 ] || return 1
    send '}' && wait_for 'EMA 0\.65 · all steps' || return 1
    send o && wait_charts 1 && wait_for '╭─ reward ─' || return 1
    send q && wait_exit && expect_status 0 || return 1
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-watch"
    app_start -- watch "$WORK/espo"
    wait_for '╭─ reward ─' && wait_for 'EMA 0\.60 · all steps' && [ "$(charts)" -gt 2 ] || return 1
    send '}' && wait_for 'EMA 0\.65 · all steps' || return 1
    send o && wait_charts 1 && wait_for '╭─ reward ─' || return 1
    send q && wait_exit && expect_status 0
}

# Item 12: `unmask watch` on our own folders (an ESPO run, a `train` run with its checkpoints,
# a demo model) reads them without warnings (our trainer_state.json once drew "not a
# trainer_state.json with a log_history list").
test_watch_own_folders_quietly() {
    espo_run || return 1
    "$UNMASK" train --task arith --preset nano --steps 20 --batch 8 --threads 1 --out "$WORK/train" >/dev/null 2>&1 || return 1
    [ -e "$WORK/train/checkpoints/step-000020/trainer_state.json" ] || { echo "  no checkpoint state file" >&2; return 1; }
    local folder
    for folder in "$WORK/espo" "$WORK/train" Examples/models/countdown; do
        cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-x"
        app_start -- watch "$folder"
        wait_for '^ watching 1 run' || return 1
        sleep 2  # a file that does not parse is reported on its second poll (polls every 0.25 s)
        ! screen | grep -qE 'warning|not a trainer_state' || { echo "  $folder:" >&2; screen | tail -n 1 >&2; return 1; }
        send q && wait_exit && expect_status 0 || return 1
    done
}

# Item 13: README's `:prompt 25 3 7=46` is a prompt of the user's own (once refused, then not
# scored), and a
# missing replay file is a usage error naming it (once NSCocoaErrorDomain and status 1).
test_readme_prompt_and_missing_replay() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'prompt 25 3 7=46' && send Enter && wait_for '^│prompt +25 3 7=46' && wait_for "$DONE" || return 1
    # In the task's format, it is scored as a held-out item is.
    wait_for 'reward [0-9.]+ · (solved|not solved)' || return 1
    send q && wait_exit && expect_status 0 || return 1
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-replay"
    app_start -- replay "$WORK/none.jsonl"
    wait_exit && expect_status 2 && wait_for "unmask replay: $WORK/none.jsonl: No such file or directory" || return 1
    ! screen | grep -q NSCocoaErrorDomain && terminal_restored
}

check knob_edit_keeps_branches test_knob_edit_keeps_branches
check branch_list_scrolls test_branch_list_scrolls
check elbo_labels_follow_estimator test_elbo_labels_follow_estimator
check glyphs_every_class test_glyphs_every_class
check steps_and_nfe_agree test_steps_and_nfe_agree
check hints_and_status_per_tab test_hints_and_status_per_tab
check curves_keys_match_watch test_curves_keys_match_watch
check watch_own_folders_quietly test_watch_own_folders_quietly
check readme_prompt_and_missing_replay test_readme_prompt_and_missing_replay
summary
