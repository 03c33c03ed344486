# End-to-end harness: drives the built `unmask` in private tmux servers, as a user would.
# Source it from a test script; see test_terminal.sh for use. Works headless (no TERM, no tty,
# stdin from /dev/null), as in CI.
#
#   app_start [-s WxH] [-t TERM] [-e VAR=value]... -- ARGS...   start `unmask ARGS` in a fresh server
#   wait_for REGEX [SECONDS]        until the pane (history included) matches REGEX
#   send KEY...                     tmux send-keys (Down, C-c, q, Escape, F1, ...)
#   screen / screen_ansi            capture text / text with SGR colour escapes
#   resize W H                      resize the window (the app gets SIGWINCH)
#   wait_exit [SECONDS]             until the app exits; sets EXIT_STATUS
#   app_pid                         the app's process id
#   alternate_screen                prints 1 while the app's alternate screen is on
#   check NAME COMMAND...           runs a test function, prints PASS/FAIL NAME (E2E_ONLY=REGEX: matching ones only)
#   summary                         prints "N passed, M failed"; status 1 if any failed (call it last:
#                                   it removes the apps' config folders)
#
# The app runs under `sh` so that after it exits the pane shows `exit=N` and the tty modes
# (`stty -a`), letting tests check the terminal was restored.

set -u
export LC_ALL=C.UTF-8  # grep and tmux must read the UTF-8 screen as UTF-8
UNMASK=${UNMASK:-.build/debug/unmask}
UNMASK=$(cd "$(dirname "$UNMASK")" && pwd)/$(basename "$UNMASK")
E2E_TIMEOUT=${E2E_TIMEOUT:-15}
PASSED=0
FAILED=0
SERVER_SEQ=0
CURRENT_SERVER="unmask-$$-0"
TMUX_CMD=()
# The apps' private config folders; `summary` removes them (thousands once piled up in /tmp).
HARNESS_TMP=$(mktemp -d)

# One private tmux server per test (reusing a socket right after kill-server can fail).
cleanup_server() { tmux -L "$CURRENT_SERVER" kill-server 2>/dev/null || true; }
trap cleanup_server EXIT

tm() { "${TMUX_CMD[@]}" "$@"; }

app_start() {
    local size=120x40 term=xterm-256color envs=()
    while [ $# -gt 0 ]; do
        case $1 in
            -s) size=$2; shift 2 ;;
            -t) term=$2; shift 2 ;;
            -e) envs+=("$2"); shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    # Preferences (theme, last model) in a fresh folder per start unless the test names one, so
    # no test sees another's or the user's.
    [[ " ${envs[*]:-} " == *" XDG_CONFIG_HOME="* ]] || envs+=("XDG_CONFIG_HOME=$(mktemp -d -p "$HARNESS_TMP")")
    TMUX_CMD=(tmux -L "$CURRENT_SERVER" -f /dev/null)
    local args="" a
    for a in "$@"; do args="$args '$a'"; done
    # A placeholder session first, so remain-on-exit is set before the app can exit. (Respawning
    # a pane instead races with the death of the process it replaces.)
    tm new-session -d -s hold "sleep 600"
    tm set -g remain-on-exit on
    tm set -g history-limit 2000
    tm new-session -d -s e2e -x "${size%x*}" -y "${size#*x}" "env -u TMUX TERM=$term LANG=C.UTF-8 ${envs[*]:-} sh -c 'trap \"\" INT; \"\$0\" \"\$@\"; s=\$?; echo exit=\$s; stty -a | tr \" \" \"\\n\" | grep -E \"^-?(icanon|echo)\$\" | tr \"\\n\" \" \"; echo; exit \$s' '$UNMASK' $args"
}

app_pid() { pgrep -P "$(tm display -p -t e2e '#{pane_pid}')" | head -n 1; }

screen() { tm capture-pane -p -J -S - -t e2e; }
screen_ansi() { tm capture-pane -p -e -t e2e; }
send() { tm send-keys -t e2e "$@"; }
resize() { tm resize-window -t e2e -x "$1" -y "$2"; }
alternate_screen() { tm display -p -t e2e '#{alternate_on}'; }

wait_for() {
    local re=$1 deadline=$((SECONDS + ${2:-$E2E_TIMEOUT}))
    until screen | grep -qE -- "$re"; do
        if [ $SECONDS -ge $deadline ]; then
            echo "  timed out waiting for /$re/; screen was:" >&2
            screen | tail -n 15 | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.1
    done
}

# The wrapper prints `exit=N` after the app exits; that is the status (tmux's
# #{pane_dead_status} is sometimes left empty for a zero status).
wait_exit() {
    local deadline=$((SECONDS + ${1:-$E2E_TIMEOUT})) line
    while :; do
        if [ "$(tm display -p -t e2e '#{pane_dead}' 2>/dev/null)" = 1 ]; then
            line=$(screen | grep -E '^exit=[0-9]+$' | tail -n 1)
            if [ -n "$line" ]; then
                EXIT_STATUS=${line#exit=}
                return 0
            fi
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo "  timed out waiting for the app to exit" >&2
            return 1
        fi
        sleep 0.1
    done
}

# The terminal is back to normal: main screen, canonical mode and echo on.
terminal_restored() {
    [ "$(alternate_screen)" = 0 ] || { echo "  alternate screen still on" >&2; return 1; }
    screen | grep -qE '(^| )icanon ' || { echo "  icanon not restored" >&2; return 1; }
    screen | grep -qE '(^| )echo ' || { echo "  echo not restored" >&2; return 1; }
}

expect_status() {
    [ "$EXIT_STATUS" = "$1" ] || { echo "  exit status $EXIT_STATUS, expected $1" >&2; return 1; }
}

check() { harness_check "$@"; }

harness_check() {
    local name=$1
    shift
    # E2E_ONLY=REGEX runs only the matching checks (while working on one).
    [[ -z ${E2E_ONLY:-} || $name =~ $E2E_ONLY ]] || return 0
    SERVER_SEQ=$((SERVER_SEQ + 1))
    CURRENT_SERVER="unmask-$$-$SERVER_SEQ"
    if ( "$@" ); then
        echo "PASS $name"
        PASSED=$((PASSED + 1))
    else
        echo "FAIL $name"
        FAILED=$((FAILED + 1))
    fi
    cleanup_server
}

summary() {
    rm -rf "$HARNESS_TMP"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
