#!/usr/bin/env bash
# The one command that builds docker-cpp and runs all its tests, on a fresh
# Debian 12 machine too (CI runs exactly this, as root, without stdin).
#
#   scripts/test.sh
#
# Installs missing Debian packages (when root), builds with g++ (-Werror) and
# with clang + ASan/UBSan, starts a private Docker engine with local
# registries (scripts/engine.sh) and runs ctest in every build against it.
#
# Environment:
#   DOCKER_CPP_BUILDS   builds to make and test (default "gcc asan")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/deps.sh source-path=SCRIPTDIR
source scripts/lib/deps.sh

BUILDS=${DOCKER_CPP_BUILDS:-gcc asan}
ENGINE_DIR=
START=$SECONDS

section() { printf '\n==== %s (at %ds) ====\n' "$*" $((SECONDS - START)); }

for build in $BUILDS; do
    case $build in
    gcc | asan) ;;
    *)
        echo "test.sh: unknown build '$build' in DOCKER_CPP_BUILDS (known: gcc asan)" >&2
        exit 2
        ;;
    esac
done

# Always stop the private engine, whatever happens; a failed stop (something
# left behind) fails the run.
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM HUP # let the engine stop finish
    if [[ -n $ENGINE_DIR ]]; then
        section "stopping the private engine"
        scripts/engine.sh stop "$ENGINE_DIR" || rc=1
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

section "dependencies"
needs="$DEPS_TEST $DEPS_ENGINE"
if [[ " $BUILDS " != *" asan "* ]]; then
    needs=${needs//clang-rt/}
    needs=${needs//clang/}
fi
# shellcheck disable=SC2086 # word list
deps_require $needs
echo "cmake $(cmake --version | head -n1 | cut -d' ' -f3), g++ $(g++ -dumpfullversion)," \
    "dockerd $(dockerd --version | cut -d' ' -f3 | tr -d ,)"

# Builds: name -> cmake configure arguments.
configure_args() {
    case $1 in
    gcc) echo "-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ -DDOCKER_CPP_WERROR=ON" ;;
    asan) echo "-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DDOCKER_CPP_WERROR=ON -DDOCKER_CPP_SANITIZE=ON" ;;
    esac
}

for build in $BUILDS; do
    section "build: $build"
    # shellcheck disable=SC2046 # one word per argument
    cmake -S . -B "build/$build" -G Ninja $(configure_args "$build")
    cmake --build "build/$build"
done

section "private Docker engine"
ENGINE_DIR=$(mktemp -d /tmp/dcpp-XXXXXX)
scripts/engine.sh start "$ENGINE_DIR"
# shellcheck source=/dev/null # written by engine.sh; exports DOCKER_CPP_TEST_*
source "$ENGINE_DIR/env"

# Sanitizers: report leaks, stop at the first UB with a stack.
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The last "Version" in /version is the engine's own (the first ones are its components').
engine_version=$(curl --noproxy '*' -s --max-time 10 --unix-socket "${DOCKER_CPP_TEST_HOST#unix://}" \
    http://localhost/version | grep -o '"Version":"[^"]*"' | tail -n1 | cut -d'"' -f4) ||
    engine_version=unknown
echo
echo "== integration tests run against dockerd $engine_version at $DOCKER_CPP_TEST_HOST =="
echo "== registries: $DOCKER_CPP_TEST_REGISTRY (open), $DOCKER_CPP_TEST_AUTH_REGISTRY (htpasswd) =="

failed=
summary=
for build in $BUILDS; do
    section "tests: $build"
    # --timeout: default per-test limit, so that a hung test cannot stall CI.
    if ctest --test-dir "build/$build" --output-on-failure --no-tests=error --timeout 600; then
        summary+=" $build=passed"
    else
        summary+=" $build=FAILED"
        failed=1
    fi
done

section "summary"
echo "test.sh:$summary (dockerd $engine_version, $((SECONDS - START))s)"
if [[ -n $failed ]]; then
    echo "test.sh: FAILED" >&2
    exit 1
fi
echo "test.sh: all tests passed"
