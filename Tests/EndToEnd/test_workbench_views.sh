#!/usr/bin/env bash
# End-to-end scenarios of the workbench's researcher views (#15) in tmux, as a user drives them:
# the step × position map, the Sudoku grid, the command palette, help search, preferences and
# :save/:load. Run from the repository root: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_workbench_views.sh
source "$(dirname "$0")/workbench_env.sh"

# The step × position map (#15): M swaps the token row for LLaDA's figure (positions on x,
# steps on y) and the cursor's beliefs over steps; at 80×24 both stay whole. A file recorded
# without beliefs (the PyTorch recorder's) says so instead of showing an empty table.
test_step_position_map() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    # At @11 the argmax is '<answer>': the pane keeps the token whole and lets the margin go.
    send M && wait_for 'Step × position · main' && wait_for "'<answer>' +1\\.00" || return 1
    screen | grep -q 'margin' && { echo "  margin kept while '<answer>' needs the room" >&2; return 1; }
    send l l l && wait_for 'Cursor @14 over steps' && wait_for "✓ '.+' at step [0-9]+, p [0-9.]+" || return 1
    wait_for 'step +argmax +p +H +margin' || return 1
    send Home Right Right Right && wait_for '│▸ +3 ' && wait_for '▸ 3 +' || return 1
    resize 80 24 && wait_for 'Step × position' && wait_for 'margin' || return 1
    ! screen | grep 'Step × position' -A9 | grep -q '…' || { echo "  a value is cut at 80×24" >&2; return 1; }
    send M && wait_for '┌─ Trajectory ' || return 1
    send q && wait_exit && expect_status 0
}

test_step_position_map_without_beliefs() {
    app_start -- replay Examples/recorders/tiny-llada.trajectory.jsonl
    wait_for 'step 0/[0-9]+ ·' && send End M && wait_for 'no beliefs recorded' || return 1
    send q && wait_exit && expect_status 0 && terminal_restored
}

# A Sudoku model's row as the 4×4 grid it encodes (#15): givens, masked cells while decoding, and
# the base model's wrong cells marked ✗ since the held-out item's solution is known (its lazy row
# fill puts the first row's missing digits in ascending order: two cells wrong).
test_sudoku_grid() {
    app_start -s 80x24 -- tui --model Examples/models/sudoku4-base
    wait_for '────┼────' || return 1
    wait_for 'reward 0\.67 · not solved' && wait_for '4 1 │2✗3✗' || return 1
    send Home && wait_for 'step 0/20 ·' && wait_for '4 ░ │░ ░ ' && ! screen | grep -q '✗' || return 1
    send q && wait_exit && expect_status 0
}

# The command palette (#15): Tab completes command names and listed arguments (several are
# shown, then cycled), Up recalls the session's earlier lines.
test_command_palette() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'se' && send Tab && wait_for '^:set ▏' || return 1
    send -l 'str' && send Tab && wait_for '^:set strategy ▏' || return 1
    send Tab && wait_for '^:set strategy ▏ +llada +radd +radd-ordered +emigm' || return 1
    send -l 'ra' && send Tab && wait_for '^:set strategy radd▏ +radd +radd-ordered' || return 1
    send Tab Tab && wait_for '^:set strategy radd-ordered▏' || return 1
    send Enter && wait_for 'strategy +radd-ordered' || return 1
    send : Up && wait_for '^:set strategy radd-ordered▏' || return 1
    send Escape && wait_for "$READY" || return 1
    send q && wait_exit && expect_status 0
}

# `/` in help (#15): at 80×24 the listing does not fit; a search highlights and scrolls to the
# matching key, n moves through matches, Esc closes.
test_help_search() {
    app_start -s 80x24 -- tui --model Examples/models/countdown
    wait_for "$READY" || return 1
    send '?' && wait_for 'Keys · / search' || return 1
    ! screen | grep -q 'Ctrl-C' || { echo "  the whole listing fits: nothing to scroll to" >&2; return 1; }
    send / && send -l ctrl && wait_for '/ctrl▏' || return 1
    send Enter && wait_for '/ctrl · 1/1 · n next' && wait_for 'Ctrl-C +quit' || return 1
    send / && send -l branch && send Enter && wait_for '/branch · 1/4' && send n && wait_for '/branch · 2/4' || return 1
    send Escape && wait_for "$READY" && ! screen | grep -q 'Keys ·' || return 1
    send q && wait_exit && expect_status 0
}

# Preferences (#15): the theme and the last model chosen in one session open the next one
# (read from $XDG_CONFIG_HOME/unmask/preferences.json, written atomically); a bad file is
# named with its field and the workbench opens with defaults.
test_preferences_persist() {
    local cfg="$WORK/config" prefs="$WORK/config/unmask/preferences.json"
    app_start -e "XDG_CONFIG_HOME=$cfg" --
    wait_for 'Unmask · countdown' && wait_for "$READY" || return 1
    send : && send -l 'theme nord' && send Enter && wait_for 'nord · \? help' || return 1
    send : && send -l 'model Examples/models/sudoku4' && send Enter && wait_for 'Unmask · sudoku4' || return 1
    send q && wait_exit && expect_status 0 || return 1
    # The model is remembered by its absolute path, so a start from another folder opens it.
    grep -q '"theme" : "nord"' "$prefs" && grep -q "\"last_model\" : \"$(pwd)/Examples/models/sudoku4\"" "$prefs" \
        || { echo "  preferences not written:" >&2; cat "$prefs" >&2; return 1; }
    [ -z "$(find "$cfg/unmask" -name '.*tmp*')" ] || { echo "  a temporary file was left behind" >&2; return 1; }
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-again"
    pushd / >/dev/null && app_start -e "XDG_CONFIG_HOME=$cfg" -- && popd >/dev/null
    wait_for 'Unmask · sudoku4' && wait_for 'nord · \? help' || return 1
    send q && wait_exit && expect_status 0 || return 1
    printf '{"theme": 3}' > "$prefs"
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-bad"
    app_start -e "XDG_CONFIG_HOME=$cfg" --
    wait_for 'Unmask · countdown' && wait_for 'preferences.json, field theme: expected a string' || return 1
    send q && wait_exit && expect_status 0
}

# :save and :load (#15): a pinned branch comes back in a new session (main resampled, the
# branch forked again at its step with its pin); a bad file is named with its field.
test_save_and_load() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send Home Right Right Right Right && wait_for 'step 4/16 ·' || return 1
    send p && wait_for "branch b1 from step 4 with '.+' pinned at 11" && wait_for "$DONE" || return 1
    local label
    label=$(screen | grep -oE "b1 \(step 4, '[^']+'@11\)" | head -n 1)
    [ -n "$label" ] || { echo "  no pinned branch in the list" >&2; return 1; }
    send : && send -l "save $WORK/session.json" && send Enter && wait_for "saved main and 1 branch\(es\) to $WORK/session.json" || return 1
    send q && wait_exit && expect_status 0 || return 1
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-again"
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" && ! screen | grep -q 'b1 (' || return 1
    send : && send -l "load $WORK/session.json" && send Enter && wait_for "restored 1 branch\(es\) from $WORK/session.json" || return 1
    screen | grep -qF "$label" || { echo "  the restored branch is not '$label'" >&2; return 1; }
    printf '{"format": "unmask-workbench", "version": 1}' > "$WORK/bad.json"
    send : && send -l "load $WORK/bad.json" && send Enter && wait_for "load: $WORK/bad.json, field model: missing" || return 1
    send : && send -l "load $WORK/none.json" && send Enter && wait_for "load: $WORK/none.json: no such file" || return 1
    send q && wait_exit && expect_status 0 || return 1
    # Another checkpoint of the same name (every run's final/) holds other weights: refused.
    mkdir -p "$WORK/other" && cp -r Examples/models/countdown-base "$WORK/other/countdown"
    cleanup_server; CURRENT_SERVER="$CURRENT_SERVER-other"
    app_start -- tui --model "$WORK/other/countdown"
    wait_for "$DONE" || return 1
    send : && send -l "load $WORK/session.json" && send Enter && wait_for "field weights: saved for other weights" || return 1
    send q && wait_exit && expect_status 0
}

check step_position_map test_step_position_map
check step_position_map_without_beliefs test_step_position_map_without_beliefs
check sudoku_grid test_sudoku_grid
check command_palette test_command_palette
check help_search test_help_search
check preferences_persist test_preferences_persist
check save_and_load test_save_and_load
summary
