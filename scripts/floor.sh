#!/usr/bin/env bash
# Per-operation instruction counts (callgrind), syscalls (strace -c) and allocations of
# bench/floor_bench, against its own canned server, next to the hand-written floor in the
# same run. Each figure is the difference between a run of N2 and one of N1 operations,
# divided by N2 - N1, so connecting and start-up cancel out.
#
#   scripts/floor.sh [FLOOR_BENCH_BINARY]     default: build/bench/bench/floor_bench
#
# Needs valgrind and strace (scripts/lib/deps.sh installs them with the bench tools).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/bench/bench/floor_bench}
WORK=$(mktemp -d /tmp/dcpp-floor.XXXXXX)
SOCK=$WORK/s.sock
"$BIN" serve "$SOCK" >"$WORK/serve.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 50); do [[ -S $SOCK ]] && break; sleep 0.1; done

instructions() {  # MODE N -> total instructions of the client process
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$BIN" "$1" "$SOCK" "$2" >/dev/null 2>&1
    sed -n 's/^summary: //p' "$WORK/cg.out" | awk '{print $1}'
}
syscalls() {  # MODE N -> syscalls made by the client process
    strace -c -o "$WORK/st.out" "$BIN" "$1" "$SOCK" "$2" >/dev/null 2>&1
    awk '/total$/ {print $4}' "$WORK/st.out"
}
allocs() {  # MODE N -> allocations per op, as the program reports them
    "$BIN" "$1" "$SOCK" "$2" | sed -n 's/^allocations per op: \([0-9.]*\).*/\1/p'
}
per_op() {  # FUNCTION MODE N1 N2
    local a b
    a=$("$1" "$2" "$3"); b=$("$1" "$2" "$4")
    awk -v a="$a" -v b="$b" -v n="$(($4 - $3))" 'BEGIN { printf "%.1f", (b - a) / n }'
}

row() {  # MODE N1 N2 UNIT
    printf '%-15s %12s instr/%s  %6s syscalls/%s  %7s allocs/%s\n' "$1" "$(per_op instructions "$1" "$2" "$3")" "$4" \
        "$(per_op syscalls "$1" "$2" "$3")" "$4" "$(allocs "$1" "$3")" "$4"
}

row ping-hand 1000 2000 req
row ping-client 1000 2000 req
row version-raw 100 200 call
row version-typed 100 200 call
row download 8 16 MiB
row logs-straddle 8 16 MiB
"$BIN" logs-pieces "$SOCK" 1 >/dev/null 2>&1 && row logs-pieces 8 16 MiB
