# Shared set-up of the workbench's end-to-end scripts (test_workbench*.sh): the harness, the
# screen markers they wait for, and a scratch folder removed at exit.
source "$(dirname "$0")/harness.sh"
READY='ready$'
DONE='NFE [0-9]+ · [0-9.]+ s'   # the title bar once the sample has finished
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; cleanup_server' EXIT
