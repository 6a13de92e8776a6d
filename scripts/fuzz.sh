#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in build/fuzz and runs each for SECONDS,
# starting from the checked-in seeds. The seeds are copied into a scratch corpus so the
# repository is never modified. Prints the executions per target; exits non-zero when any
# target crashed (the reproducer is kept, its path printed).
#
#   scripts/fuzz.sh [SECONDS]     default 60
set -euo pipefail

SECONDS_PER_TARGET=${1:-60}
[[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build/fuzz
CXX_CLANG=${CXX_CLANG:-$(command -v clang++ || command -v clang++-14 || true)}
[[ -n $CXX_CLANG ]] || { echo "fuzz: clang++ not found (libFuzzer needs clang)" >&2; exit 1; }

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX_CLANG" \
    -DDOCKER_CPP_BUILD_FUZZERS=ON -DDOCKER_CPP_BUILD_TESTS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF \
    -DDOCKER_CPP_INSTALL=OFF -DDOCKER_CPP_WERROR=ON >/dev/null
cmake --build "$BUILD" --target fuzzers

WORK=$(mktemp -d /tmp/dcpp-fuzz.XXXXXX)
failed=0
summary=()
for target in response_parser_fuzz log_frames_fuzz json_lines_fuzz websocket_frames_fuzz; do
    corpus=$WORK/$target/corpus
    artifacts=$WORK/$target/artifacts/
    mkdir -p "$corpus" "$artifacts"
    cp "$ROOT/fuzz/seeds/$target/"* "$corpus/"
    log=$WORK/$target/log
    echo "fuzz: $target for ${SECONDS_PER_TARGET}s"
    rc=0
    # -rss_limit_mb bounds a runaway allocation; -max_len keeps inputs near wire-read size.
    "$BUILD/fuzz/$target" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -max_len=8192 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 || true)
    if ((rc != 0)); then
        failed=1
        summary+=("$target: CRASH (exit $rc) after ${execs:-?} executions; log $log; reproducer(s): $(ls "$artifacts" | tr '\n' ' ')")
        grep -E 'FINDING|ERROR|SUMMARY|==[0-9]+==' "$log" | head -n 20 >&2 || true
    else
        summary+=("$target: ${execs:-?} executions, ${cov:-cov ?}, corpus $(ls "$corpus" | wc -l) inputs, no findings")
    fi
done

echo
printf '%s\n' "${summary[@]}"
if ((failed)); then
    echo "fuzz: FAILED; reproduce with: $BUILD/fuzz/<target> <reproducer>; scratch kept in $WORK" >&2
    exit 1
fi
rm -rf "$WORK"
