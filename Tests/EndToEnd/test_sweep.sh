#!/usr/bin/env bash
# The held-out sweep from the keyboard (`:sweep N` and `s`, README "ELBO"): it opens the ELBO tab,
# fills the sampler table row by row while the Tokens tab still samples, `:sweep stop` or `s` ends
# a running one, `:sweep off` hands the tab back to the ELBO panel; a text model's rows are the
# NELBO per token of its continuations of held-out windows; an image model is refused with a reason.
source "$(dirname "$0")/harness.sh"

DONE='NFE [0-9]+ · [0-9.]+ s'

# Sweep rows on screen whose figures match $1 (after the config's name).
rows_with() { screen | grep -cE "(llada steps|threshold 0\.|eb γ|current:).* $1" || true; }

test_sweep_fills_the_table() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'sweep 8' && send Enter || return 1
    wait_for 'Held-out sweep' && wait_for 'llada steps 16' && wait_for 'eb γ 1' || return 1
    wait_for '8 held-out prompts per config · done' 60 || return 1
    # Every row has its success figure; the ELBO panel is below at 120×40.
    local rows
    rows=$(rows_with '[0-9]+\.[0-9]%')
    [ "$rows" -eq 7 ] || { echo "  $rows of 7 rows with a success figure" >&2; screen >&2; return 1; }
    wait_for 'estimator' || return 1
    # Sampling still answers while nothing else runs; a new sweep can be stopped.
    send 1 && send R && wait_for "$DONE" || return 1
    send : && send -l 'sweep 256' && send Enter && wait_for 'config 1/7' || return 1
    send : && send -l 'sweep stop' && send Enter && wait_for 'sweep stopped' || return 1
    send : && send -l 'sweep off' && send Enter || return 1
    local deadline=$((SECONDS + E2E_TIMEOUT))
    while screen | grep -q 'Held-out sweep'; do
        [ $SECONDS -lt $deadline ] || { echo "  sweep panel still shown after :sweep off" >&2; return 1; }
        sleep 0.1
    done
    send q && wait_exit && expect_status 0 && terminal_restored
}

test_text_model_sweeps_nelbo() {
    app_start -- tui --model Examples/models/text
    wait_for "$DONE" || return 1
    send : && send -l 'sweep 4' && send Enter || return 1
    wait_for 'Held-out sweep' && wait_for 'NELBO/tok' && wait_for 'lower is better' || return 1
    wait_for '4 held-out prompts per config · done' 120 || return 1
    # Every row has its NELBO/token (three decimals) and mean NFE.
    local rows
    rows=$(rows_with '[0-9]+\.[0-9]{3} +[0-9]+\.[0-9] ')
    [ "$rows" -eq 7 ] || { echo "  $rows of 7 rows with a NELBO figure" >&2; screen >&2; return 1; }
    send q && wait_exit && expect_status 0 && terminal_restored
}

test_sweep_key() {
    app_start -s 80x24 -- tui --model Examples/models/text
    wait_for 'ready' || return 1
    send 4 && wait_for 's held-out sweep' || return 1
    # s starts the default sweep, s again stops it; the rows stay.
    send s && wait_for 'config 1/7' && wait_for '7 configs × 64 prompts · s stops' || return 1
    send s && wait_for 'sweep stopped' || return 1
    screen | grep -q 'llada steps 48' || { echo "  rows gone after the stop" >&2; return 1; }
    send q && wait_exit && expect_status 0
}

test_image_model_is_refused() {
    app_start -- tui --model Examples/models/glyphs
    wait_for 'ready' || return 1
    send : && send -l 'sweep' && send Enter && wait_for 'a sweep needs a task or text model' || return 1
    send q && wait_exit && expect_status 0
}

check "sweep fills the sampler table, stops, hides" test_sweep_fills_the_table
check "sweep on a text model: NELBO per token of continuations" test_text_model_sweeps_nelbo
check "s starts and stops the sweep" test_sweep_key
check "sweep on an image model says why" test_image_model_is_refused
summary
