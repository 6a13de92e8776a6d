#!/usr/bin/env bash
# Builds the benchmarks (bench/) in build/bench, Release at -O2, and runs them all:
# parser throughput and allocations, requests per second on a kept-alive connection, and
# streaming 1 GiB. Each prints its figures against its target (bench/README.md).
#
#   scripts/bench.sh [ENGINE_SOCKET]
#
# ENGINE_SOCKET (unix:///path or /path) adds the real-dockerd /_ping comparison; without
# it (and without DOCKER_CPP_TEST_HOST) that line is skipped. The real-dockerd TLS figures
# need the environment of `DOCKER_CPP_ENGINE_TLS=1 scripts/engine.sh start DIR` (DIR/env). Exits non-zero when a figure
# misses its target or a benchmark fails.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build/bench
ENGINE=${1:-${DOCKER_CPP_TEST_HOST:-}}

set -e
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DDOCKER_CPP_BUILD_BENCHMARKS=ON -DDOCKER_CPP_BUILD_TESTS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF \
    -DDOCKER_CPP_INSTALL=OFF -DDOCKER_CPP_WERROR=ON >/dev/null
cmake --build "$BUILD" >/dev/null
set +e

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), load $(cut -d' ' -f1-3 /proc/loadavg)"
failed=0

echo
echo "== parser_bench (1 KB, 100 KB, 64 MiB chunked; against memcpy)"
"$BUILD/bench/parser_bench" --benchmark_min_time=0.2 || failed=1

echo
echo "== request_loop (GET /_ping on one kept-alive connection)"
if [[ -n $ENGINE ]]; then
    "$BUILD/bench/request_loop" "$ENGINE" || failed=1
else
    env -u DOCKER_CPP_TEST_HOST "$BUILD/bench/request_loop" || failed=1
fi

echo
echo "== stream_bench (1 GiB log stream and 1 GiB chunked download)"
"$BUILD/bench/stream_bench" || failed=1

echo
echo "== ready_bench (time to a ready busybox and Redis container, against docker run + docker logs)"
if [[ -n $ENGINE ]]; then
    "$BUILD/bench/ready_bench" "$ENGINE" || failed=1
else
    echo "no engine given: skipped"
fi

echo
echo "== tls_bench (1 GiB log stream and /_ping loop: plain TCP vs TLS, side by side)"
CERTS=$(mktemp -d /tmp/dcpp-bench-certs.XXXXXX)
if "$ROOT/scripts/tls-certs.sh" "$CERTS"; then
    "$BUILD/bench/tls_bench" "$CERTS" || failed=1
else
    failed=1
fi
rm -rf "$CERTS"

echo
echo "== tls_dockerd_bench (1 GiB of container logs and /_ping from a real dockerd: its TLS listener vs its unix socket)"
if [[ -n ${DOCKER_CPP_TEST_TLS_HOST:-} ]]; then
    "$BUILD/bench/tls_dockerd_bench" || failed=1
else
    echo "no engine with a TLS listener (DOCKER_CPP_TEST_TLS_HOST from scripts/engine.sh): skipped"
fi

echo
echo "== floor_bench (per request: instructions by callgrind, syscalls by strace -c, allocations; next to a hand loop)"
"$ROOT/scripts/floor.sh" "$BUILD/bench/floor_bench" || failed=1

echo
echo "== compile time (g++ -O0: <docker/docker.hpp> against <nlohmann/json.hpp> alone, side by side)"
"$ROOT/bench/compile_time.sh" 3 || failed=1

if ((failed)); then
    echo "bench: a figure missed its target (or a benchmark failed); see above" >&2
    exit 1
fi
