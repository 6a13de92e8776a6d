#!/usr/bin/env bash
# Per-operation instruction counts (callgrind), syscalls (strace -c) and allocations of
# bench/floor_bench, against its own canned server, next to the hand-written floor in the
# same run. Each figure is the difference between a run of N2 and one of N1 operations,
# divided by N2 - N1, so connecting and start-up cancel out. For requests and calls it also
# counts the 64-byte lines of machine code that run once per operation (bench/code_lines.py):
# the code fetched again after every context switch, which an instruction count hides.
#
#   scripts/floor.sh [FLOOR_BENCH_BINARY]     default: build/bench/bench/floor_bench
#
# Needs valgrind and strace (scripts/lib/deps.sh installs them with the bench tools).
set -euo pipefail
shopt -s inherit_errexit  # a failing run below stops the script instead of printing a bogus figure
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/bench/bench/floor_bench}
WORK=$(mktemp -d /tmp/dcpp-floor.XXXXXX)
SOCK=$WORK/s.sock
"$BIN" serve "$SOCK" >"$WORK/serve.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 50); do [[ -S $SOCK ]] && break; sleep 0.1; done

instructions() {  # MODE N -> total instructions of the client process (profile kept in cg.MODE.N)
    local out="$WORK/cg.$1.$2"
    valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no --callgrind-out-file="$out" \
        "$BIN" "$1" "$SOCK" "$2" >/dev/null 2>"$WORK/err" ||
        { echo "floor.sh: $1 $2 failed: $(grep -v '^==' "$WORK/err" | tail -n1)" >&2; return 1; }
    sed -n 's/^summary: //p' "$out" | awk '{print $1}'
}
code_lines() {  # MODE N1 N2 -> code lines run once per operation, from the profiles instructions() kept
    python3 "$ROOT/bench/code_lines.py" "$WORK/cg.$1.$2" "$WORK/cg.$1.$3" "$2" "$3"
}
syscalls() {  # MODE N -> syscalls made by the client process
    strace -c -o "$WORK/st.out" "$BIN" "$1" "$SOCK" "$2" >/dev/null 2>"$WORK/err" ||
        { echo "floor.sh: $1 $2 failed under strace: $(tail -n1 "$WORK/err")" >&2; return 1; }
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

declare -A INSTR
row() {  # MODE N1 N2 UNIT
    local instr calls allocated lines=""
    instr=$(per_op instructions "$1" "$2" "$3")
    [[ $4 == MiB ]] || lines=$(printf '  %4s code lines/%s' "$(code_lines "$1" "$2" "$3")" "$4")
    calls=$(per_op syscalls "$1" "$2" "$3")
    allocated=$(allocs "$1" "$3")
    [[ -n $allocated ]] || { echo "floor.sh: $1 $3 reported no allocation count" >&2; return 1; }
    INSTR[$1]=$instr
    printf '%-15s %12s instr/%s  %6s syscalls/%s  %7s allocs/%s%s\n' "$1" "$instr" "$4" "$calls" "$4" "$allocated" "$4" "$lines"
}
ratio() { awk -v a="${INSTR[$1]}" -v b="${INSTR[$2]}" 'BEGIN { printf "%.3f", a / b }'; }

row ping-hand 1000 2000 req
row ping-client 1000 2000 req
row version-raw 100 200 call
row version-typed 100 200 call
row download 16 48 MiB
row logs-straddle 16 48 MiB
"$BIN" logs-pieces "$SOCK" 1 >/dev/null 2>&1 && row logs-pieces 16 48 MiB
echo "instructions: ping-client / ping-hand $(ratio ping-client ping-hand)x (target <= 2.5)," \
    "version-typed / version-raw $(ratio version-typed version-raw)x (<= 2)," \
    "logs-pieces / download ${INSTR[logs-pieces]:+$(ratio logs-pieces download)}x (<= 1.5)"
