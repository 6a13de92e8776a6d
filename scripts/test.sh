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
#   DOCKER_CPP_BUILDS        builds to make and test (default "gcc asan"; asan brings the
#                            ThreadSanitizer concurrency and cancel tests and the fuzzers along)
#   DOCKER_CPP_FUZZ_SECONDS  how long each fuzzer runs (default 15)
#   DOCKER_CPP_BENCH         0 skips the benchmarks (default 1; 0 when CI=true)
#   DOCKER_CPP_PODMAN        0 skips the integration suite against Podman (default 1)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/deps.sh source-path=SCRIPTDIR
source scripts/lib/deps.sh

BUILDS=${DOCKER_CPP_BUILDS:-gcc asan}
ENGINE_DIR=
SSH_DIR=
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
    if [[ -n $SSH_DIR ]]; then scripts/ssh-server.sh stop "$SSH_DIR" || rc=1; fi
    if [[ -n $ENGINE_DIR ]]; then
        section "stopping the private engine"
        scripts/engine.sh stop "$ENGINE_DIR" || rc=1
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failed=
summary=
record() { # record NAME COMMAND...: run it, note passed/FAILED
    local name=$1
    shift
    if "$@"; then
        summary+=" $name=passed"
    else
        summary+=" $name=FAILED"
        failed=1
    fi
}

section "single header (single_include/docker/docker.hpp matches include/)"
scripts/single_header.sh --check

section "dependencies"
needs="$DEPS_TEST $DEPS_ENGINE"
if [[ " $BUILDS " != *" asan "* ]]; then
    needs=${needs//clang-rt/}
    needs=${needs//clang/}
fi
# shellcheck disable=SC2086 # word list
deps_require $needs
section "generated code is current"
record codegen scripts/codegen.sh --check

echo "cmake $(cmake --version | head -n1 | cut -d' ' -f3), g++ $(g++ -dumpfullversion)," \
    "dockerd $(dockerd --version | cut -d' ' -f3 | tr -d ,)"

# Builds: name -> cmake configure arguments (one per line, so values may hold spaces).
#   gcc   g++ at -O2 with -Werror; also compiles every header alone and the examples
#   asan  clang with AddressSanitizer + UndefinedBehaviorSanitizer (leaks checked at exit)
#   tsan  clang with ThreadSanitizer, only the tests where threads meet (one client shared by
#         8 threads; cancel from another thread)
configure_args() {
    case $1 in
    gcc) printf '%s\n' -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
        -DCMAKE_CXX_COMPILER=g++ -DDOCKER_CPP_WERROR=ON ;;
    asan) printf '%s\n' -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DDOCKER_CPP_WERROR=ON \
        -DDOCKER_CPP_SANITIZE=ON -DDOCKER_CPP_CHECK_HEADERS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF ;;
    tsan) printf '%s\n' -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DDOCKER_CPP_WERROR=ON \
        -DDOCKER_CPP_TSAN=ON -DDOCKER_CPP_CHECK_HEADERS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF -DDOCKER_CPP_INSTALL=OFF ;;
    esac
}

for build in $BUILDS; do
    section "build: $build"
    mapfile -t args < <(configure_args "$build")
    cmake -S . -B "build/$build" -G Ninja "${args[@]}"
    cmake --build "build/$build"
done
if [[ " $BUILDS " == *" asan "* ]]; then
    section "build: tsan (the concurrency and cancel tests)"
    mapfile -t args < <(configure_args tsan)
    cmake -S . -B build/tsan -G Ninja "${args[@]}"
    cmake --build build/tsan --target concurrency_tests
fi

section "private Docker engine"
ENGINE_DIR=$(mktemp -d /tmp/dcpp-XXXXXX)
# With a TLS listener too (tcp://127.0.0.1:<port>, --tlsverify) for the TLS tests.
DOCKER_CPP_ENGINE_TLS=1 scripts/engine.sh start "$ENGINE_DIR"
# shellcheck source=/dev/null # written by engine.sh; exports DOCKER_CPP_TEST_*
source "$ENGINE_DIR/env"
# A private sshd whose sessions reach that engine, for ssh:// (exports DOCKER_CPP_TEST_SSH_HOST).
SSH_DIR=$ENGINE_DIR-ssh
scripts/ssh-server.sh start "$SSH_DIR" "$DOCKER_CPP_TEST_HOST"
# shellcheck source=/dev/null
source "$SSH_DIR/env"

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

for build in $BUILDS; do
    section "tests: $build"
    # -V shows each suite's own summary (the integration suite lists every test case with
    # its duration); --timeout bounds a hung test so that it cannot stall CI.
    record "$build" ctest --test-dir "build/$build" -V --no-tests=error --timeout 900
done

# The representative suite over each transport, with its counts.
suite() { # suite NAME BUILD [ENV...]: integration_tests "[transport-suite]" with DOCKER_CPP_TEST_HOST etc.
    local name=$1 build=$2 out rc
    shift 2
    out=$(env "$@" "build/$build/tests/integration_tests" "[transport-suite]" 2>&1)
    rc=$?
    printf '%s\n' "$out" | tail -n 4
    echo "transport suite over $name: $(printf '%s\n' "$out" | grep -E 'test cases|passed|failed' | tail -n1)"
    return $rc
}
# The sanitizer build repeats only TLS (OpenSSL's paths under ASan); unix and ssh add nothing
# there that the g++ build and ctest's own run have not shown.
for build in $BUILDS; do
    section "tests: $build, the transport suite over unix, TLS and ssh"
    if [[ $build == gcc ]]; then record "$build-suite-unix" suite unix "$build"; fi
    record "$build-suite-tls" suite TLS "$build" DOCKER_CPP_TEST_HOST="$DOCKER_CPP_TEST_TLS_HOST" \
        DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$DOCKER_CPP_TEST_TLS_CERT_PATH"
    if [[ $build == gcc ]]; then
        record "$build-suite-ssh" suite ssh "$build" DOCKER_CPP_TEST_HOST="$DOCKER_CPP_TEST_SSH_HOST"
    fi
done

if [[ -d build/tsan ]]; then
    section "tests: tsan (8 threads sharing one client; cancel from another thread)"
    record tsan env TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build/tsan/tests/concurrency_tests
fi

if [[ " $BUILDS " == *" gcc "* ]]; then
    section "examples against the private engine"
    run_example() { # run_example NAME [ARGS...]
        local name=$1
        shift
        echo "--- examples/$name"
        DOCKER_HOST=$DOCKER_CPP_TEST_HOST EXAMPLE_IMAGE=$DOCKER_CPP_TEST_IMAGE \
            QUICKSTART_IMAGE=$DOCKER_CPP_TEST_REGISTRY/busybox:latest timeout 300 "build/gcc/examples/$name" "$@"
    }
    for example in quickstart quickstart_single_header exec cp events build testcontainers testcontainers_catch2 testcontainers_gtest; do
        record "example-$example" run_example "$example"
    done
    record example-ps run_example ps -a
    record example-logs run_example logs --demo
    record example-stats run_example stats --demo
    record example-run_it scripts/run_it_check.sh build/gcc/examples/run_it
    # Last: with no local copy of busybox's layer the pull has a layer to show; then
    # busybox:latest is put back for what follows.
    pull_fresh() {
        local sock=${DOCKER_CPP_TEST_HOST#unix://} image=$DOCKER_CPP_TEST_REGISTRY/busybox:latest
        for ref in "$image" "$DOCKER_CPP_TEST_IMAGE"; do
            curl --noproxy '*' -s --max-time 30 --unix-socket "$sock" -X DELETE "http://localhost/images/$ref?force=1" >/dev/null
        done
        run_example pull "$image" &&
            curl --noproxy '*' -sf --max-time 30 --unix-socket "$sock" -X POST \
                "http://localhost/images/$image/tag?repo=${DOCKER_CPP_TEST_IMAGE%:*}&tag=${DOCKER_CPP_TEST_IMAGE#*:}"
    }
    record example-pull pull_fresh
    # remote: unchanged against the unix socket, the TLS listener and ssh://.
    run_remote() { # run_remote ENV...
        echo "--- examples/remote ($1)"
        env "$@" REMOTE_IMAGE="$DOCKER_CPP_TEST_IMAGE" timeout 300 build/gcc/examples/remote
    }
    record example-remote-unix run_remote DOCKER_HOST="$DOCKER_CPP_TEST_HOST"
    record example-remote-tls run_remote DOCKER_HOST="$DOCKER_CPP_TEST_TLS_HOST" DOCKER_TLS_VERIFY=1 \
        DOCKER_CERT_PATH="$DOCKER_CPP_TEST_TLS_CERT_PATH"
    record example-remote-ssh run_remote DOCKER_HOST="$DOCKER_CPP_TEST_SSH_HOST"
fi

if [[ " $BUILDS " == *" gcc "* && ${DOCKER_CPP_PODMAN:-1} == 1 ]]; then
    section "integration suite against Podman $(podman --version 2>/dev/null | cut -d' ' -f3) (docs/compatibility.md)"
    record podman scripts/podman_suite.sh build/gcc/tests/integration_tests
fi

section "API reference (Doxygen; scripts/docs.sh)"
record docs scripts/docs.sh build/docs

if [[ " $BUILDS " == *" asan "* ]]; then
    section "fuzzing (${DOCKER_CPP_FUZZ_SECONDS:-15} s per target)"
    record fuzz scripts/fuzz.sh "${DOCKER_CPP_FUZZ_SECONDS:-15}"
fi

# Benchmarks measure; they test nothing. CI (CI=true) skips them to stay within its time.
if [[ -z ${DOCKER_CPP_BENCH:-} && ${CI:-} == true ]]; then DOCKER_CPP_BENCH=0; fi
if [[ ${DOCKER_CPP_BENCH:-1} == 1 ]]; then
    section "benchmarks (figures against their targets; a report, not a test)"
    if ! scripts/bench.sh "$DOCKER_CPP_TEST_HOST"; then
        echo "test.sh: a benchmark figure missed its target (see above); benchmarks do not fail the tests"
    fi
fi

# A failed ctest run's Catch2 reports sit far up in a long log: repeat them next to the summary,
# so that the tail of the log alone names what failed.
failure_reports() {
    local build log
    for build in $BUILDS; do
        log=build/$build/Testing/Temporary/LastTest.log
        [[ $summary == *" $build=FAILED"* && -f $log ]] || continue
        echo "--- $build: failed assertions (from $log)"
        grep -a -B 12 -A 8 -E ': FAILED:$|due to unexpected exception|FAILED - but was ok' "$log" | head -n 120
    done
}

section "summary"
if [[ -n $failed ]]; then failure_reports; fi
echo "test.sh:$summary (dockerd $engine_version, $((SECONDS - START))s)"
if [[ -n $failed ]]; then
    echo "test.sh: FAILED" >&2
    exit 1
fi
echo "test.sh: all tests passed"
