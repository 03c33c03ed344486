#!/usr/bin/env bash
# End-to-end tests of the terminal layer through `unmask tui` in tmux.
# Run: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_terminal.sh
source "$(dirname "$0")/harness.sh"
READY='ready · frame'

startup_draws_the_gallery() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    local s
    s=$(screen)
    grep -q 'Unmask · terminal gallery' <<<"$s" || return 1
    grep -q '1 Dashboard │ 2 Table │ 3 Colours' <<<"$s" || return 1
    grep -q 'Training curves' <<<"$s" || return 1
    grep -qP '[\x{2801}-\x{28FF}]' <<<"$s" || { echo "  no braille on screen" >&2; return 1; }
    grep -q '▀' <<<"$s" || { echo "  no half-block image" >&2; return 1; }
    grep -q 'Tab next tab · t next theme' <<<"$s" || return 1
    screen_ansi | grep -q $'\e\\[38;5;' || { echo "  no 256-colour escapes" >&2; return 1; }
    [ "$(alternate_screen)" = 1 ] || return 1
    send q
    wait_exit && expect_status 0 && wait_for '^unmask: bye$' && terminal_restored
}

key_round_trip() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    send Down && wait_for 'key: Down' || return 1
    send F5 && wait_for 'key: F5' || return 1
    send Tab && wait_for 'key: Tab' && wait_for '▸ run-2' || return 1
    send BTab && wait_for 'key: Shift-Tab' || return 1
    send '?' && wait_for 'Keys · \? or Esc closes' && wait_for 'q / Ctrl-C +quit' || return 1
    send Escape
    local deadline=$((SECONDS + 5))
    while screen | grep -q 'Esc closes'; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.1; done
    send t && wait_for 'light · 256 colours|high-contrast · 256 colours' || return 1
    send q
    wait_exit && expect_status 0 && terminal_restored
}

mouse_click_selects_a_tab() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    # SGR (1006) mouse report, as xterm-256color's kmous expects: left press at column 17, row 2
    # (1-based), then the release.
    send -l $'\e[<0;17;2M'
    send -l $'\e[<0;17;2m'
    wait_for 'mouse: (press|release) left 16,1' || return 1
    wait_for 'name +steps +loss' || return 1
    send q
    wait_exit && expect_status 0
}

resize_relayouts_without_artefacts() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    resize 80 24
    wait_for "$READY [0-9]+ · 80×24" || return 1
    local s
    s=$(tm capture-pane -p -t e2e)
    [ "$(wc -l <<<"$s")" -eq 24 ] || { echo "  expected 24 rows" >&2; return 1; }
    sed -n 1p <<<"$s" | grep -qE '^ Unmask · terminal gallery .*default · 256 colours *$' || return 1
    sed -n 23p <<<"$s" | grep -q '^ Tab next tab' || return 1
    sed -n 22p <<<"$s" | grep -q '^╰.*╯$' || { echo "  bottom border not at row 22" >&2; return 1; }
    resize 50 15
    wait_for 'need 60×18, have 50×15' || return 1
    resize 120 40
    wait_for "$READY [0-9]+ · 120×40" || return 1
    s=$(tm capture-pane -p -t e2e)
    ! grep -q 'too small' <<<"$s" || { echo "  stale too-small notice" >&2; return 1; }
    sed -n 38p <<<"$s" | grep -q '^╰.*╯$' || return 1
    send q
    wait_exit && expect_status 0 && terminal_restored
}

ctrl_c_restores_the_terminal() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    send C-c
    wait_exit && expect_status 130 && wait_for '^unmask: bye \(signal 2\)$' && wait_for '^exit=130' && terminal_restored
}

kill_int_restores_the_terminal() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    kill -INT "$(app_pid)"
    wait_exit && expect_status 130 && wait_for 'unmask: bye \(signal 2\)' && terminal_restored
}

kill_term_restores_the_terminal() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    kill -TERM "$(app_pid)"
    wait_exit && expect_status 143 && wait_for 'unmask: bye \(signal 15\)' && terminal_restored
}

# Ctrl-\ (SIGQUIT) once painted Swift's crash report over the UI and froze it for 30 s.
ctrl_backslash_quits_cleanly() {
    app_start -- tui --gallery
    wait_for "$READY" || return 1
    kill -QUIT "$(app_pid)"
    wait_exit && expect_status 131 && wait_for 'unmask: bye \(signal 3\)' && terminal_restored || return 1
    ! screen | grep -q 'Program crashed' || { echo "  crash report shown" >&2; return 1; }
}

crash_guard_restores_the_terminal() {
    # The guard leaves curses mode, then re-raises with the previous disposition. Swift's backtracer
    # is disabled so that disposition is the default (die); a signal sent with kill has no faulting
    # instruction to re-run, so a handler that returns would let the app carry on.
    app_start -e SWIFT_BACKTRACE=enable=no -- tui --gallery
    wait_for "$READY" || return 1
    kill -SEGV "$(app_pid)"
    wait_exit 30 && expect_status 139 && terminal_restored
}

truecolor_from_colorterm() {
    app_start -t tmux-256color -e COLORTERM=truecolor -- tui --gallery
    wait_for "$READY" && wait_for 'default · truecolor' || return 1
    screen_ansi | grep -q $'\e\\[38;2;' || { echo "  no 24-bit colour escapes" >&2; return 1; }
    send q
    wait_exit && expect_status 0
}

no_color_means_monochrome() {
    app_start -e NO_COLOR=1 -- tui --gallery
    wait_for "$READY" && wait_for 'default · monochrome' || return 1
    ! screen_ansi | grep -q $'\e\\[[0-9;]*3[0-9;]*8;' || { echo "  colour escapes despite NO_COLOR" >&2; return 1; }
    send q
    wait_exit && expect_status 0
}

color_never_flag() {
    app_start -- tui --gallery --color never
    wait_for 'default · monochrome' || return 1
    send q
    wait_exit && expect_status 0
}

bad_theme_falls_back_with_file_line_key() {
    local bad
    bad=$(mktemp --suffix=.toml)
    printf 'name = "bad"\n[roles]\ntext = "nope"\n' >"$bad"
    app_start -s 200x40 -- tui --gallery --theme "$bad"  # wide: TMPDIR may be a long path
    wait_for "theme $bad:3: key 'roles.text': unknown colour or attribute 'nope'" || return 1
    wait_for 'default · 256 colours' || return 1
    send q
    wait_exit && expect_status 0
    rm -f "$bad"
}

named_theme_from_the_themes_folder() {
    app_start -- tui --gallery --theme nord
    wait_for 'nord · 256 colours' || return 1
    send q
    wait_exit && expect_status 0
}

not_a_tty_exits_2() {
    local out status
    out=$(echo | "$UNMASK" tui --gallery 2>&1 >/dev/null)
    status=$?
    [ $status -eq 2 ] || { echo "  status $status" >&2; return 1; }
    grep -q 'not a terminal' <<<"$out" || { echo "  message: $out" >&2; return 1; }
}

unknown_term_exits_2() {
    app_start -t nosuchterm -- tui --gallery
    wait_exit && expect_status 2 && wait_for "unknown terminal type 'nosuchterm'" && terminal_restored
}

dumb_term_exits_2() {
    app_start -t dumb -- tui --gallery
    wait_exit && expect_status 2 && wait_for "terminal type 'dumb' cannot move the cursor" && terminal_restored
}

# E2E_ONLY=REGEX runs only the tests whose name matches.
check() { [[ -z "${E2E_ONLY:-}" || "$1" =~ $E2E_ONLY ]] || return 0; harness_check "$@"; }

check "start-up draws the gallery and q exits cleanly" startup_draws_the_gallery
check "key round trip (arrows, F-keys, Tab, help, theme)" key_round_trip
check "mouse click selects a tab" mouse_click_selects_a_tab
check "resize re-lays out without artefacts" resize_relayouts_without_artefacts
check "Ctrl-C restores the terminal" ctrl_c_restores_the_terminal
check "kill -INT restores the terminal" kill_int_restores_the_terminal
check "kill -TERM restores the terminal" kill_term_restores_the_terminal
check "Ctrl-\\ (SIGQUIT) quits cleanly" ctrl_backslash_quits_cleanly
check "a crash (SIGSEGV) still restores the terminal" crash_guard_restores_the_terminal
check "COLORTERM=truecolor uses a direct-colour terminfo" truecolor_from_colorterm
check "NO_COLOR turns colour off" no_color_means_monochrome
check "--color never turns colour off" color_never_flag
check "bad theme: file:line: key error, default used" bad_theme_falls_back_with_file_line_key
check "--theme NAME finds Themes/NAME.toml" named_theme_from_the_themes_folder
check "not a TTY exits 2" not_a_tty_exits_2
check "TERM=nosuchterm exits 2" unknown_term_exits_2
check "TERM=dumb exits 2" dumb_term_exits_2
summary
