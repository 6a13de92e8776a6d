#!/usr/bin/env bash
# Runs examples/run_it in a real pseudo-terminal (util-linux `script`), as a user at a
# terminal would: the terminal is 30x100, the "keystrokes" ask the shell in the container for
# its TTY size and exit with 3. Passes when the container's TTY got our size (the resize) and
# the exit code came back.
#
#   scripts/run_it_check.sh PATH/TO/run_it      (DOCKER_HOST and EXAMPLE_IMAGE as for the examples)
set -euo pipefail
binary=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
printf 'stty size; exit 3\n' |
    DOCKER_HOST=${DOCKER_HOST:-$DOCKER_CPP_TEST_HOST} EXAMPLE_IMAGE=${EXAMPLE_IMAGE:-$DOCKER_CPP_TEST_IMAGE} \
        timeout 120 script -qec "stty rows 30 cols 100; $binary" /dev/null >"$out" || rc=$?
tr -d '\r' <"$out" | sed 's/^/    /'
if [[ $rc != 3 ]]; then
    echo "run_it_check: exit code $rc, expected 3 (the shell's)" >&2
    exit 1
fi
if ! tr -d '\r' <"$out" | grep -qx '30 100'; then
    echo "run_it_check: the container's TTY did not report 30 rows x 100 columns" >&2
    exit 1
fi
echo "run_it_check: TTY resized to 30x100, exit code 3 passed through"
