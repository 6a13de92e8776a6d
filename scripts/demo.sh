#!/usr/bin/env bash
# Builds and runs examples/quickstart against a Docker engine.
#
#   scripts/demo.sh
#
# Uses the system engine (DOCKER_HOST, else /var/run/docker.sock) when it
# answers and already has the demo image (busybox:latest), since this machine
# may have no internet to pull it. Otherwise (root needed) it starts a private
# engine with a local registry (scripts/engine.sh), lets the quickstart pull
# its image from that registry, and stops the engine afterwards.
#
# Environment:
#   DEMO_ENGINE        auto (default), system or private
#   QUICKSTART_IMAGE   image the quickstart uses (passed through if set)
# Exits with the quickstart's exit code.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/deps.sh source-path=SCRIPTDIR
source scripts/lib/deps.sh

MODE=${DEMO_ENGINE:-auto}
SYSTEM_IMAGE=busybox:latest
ENGINE_DIR=

section() { printf '\n==== %s ====\n' "$*"; }

case $MODE in
auto | system | private) ;;
*)
    echo "demo.sh: DEMO_ENGINE must be auto, system or private (got '$MODE')" >&2
    exit 2
    ;;
esac

# Stop the private engine on every path, keeping the quickstart's exit code.
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM HUP # let the engine stop finish
    if [[ -n $ENGINE_DIR ]]; then
        section "stopping the private engine"
        scripts/engine.sh stop "$ENGINE_DIR" || echo "demo.sh: WARNING: engine stop failed" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# engine_get HOST PATH: GET PATH from the engine at HOST (unix:// or tcp://).
engine_get() {
    local host=$1 path=$2
    case $host in
    unix://*) curl --noproxy '*' -fsS --max-time 3 --unix-socket "${host#unix://}" "http://localhost$path" ;;
    tcp://*) curl --noproxy '*' -fsS --max-time 3 "http://${host#tcp://}$path" ;;
    *) return 1 ;;
    esac
}

section "dependencies"
# shellcheck disable=SC2086 # word list
deps_require $DEPS_BUILD

section "build: quickstart"
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DDOCKER_CPP_BUILD_TESTS=OFF
cmake --build build/demo --target quickstart

section "engine"
system_host=${DOCKER_HOST:-unix:///var/run/docker.sock}
use_system=
if [[ $MODE != private ]] && [[ $(engine_get "$system_host" /_ping 2>/dev/null) == OK ]]; then
    if [[ $MODE == system || -n ${QUICKSTART_IMAGE:-} ]] ||
        engine_get "$system_host" "/images/$SYSTEM_IMAGE/json" >/dev/null 2>&1; then
        use_system=1
    else
        echo "the system engine at $system_host answers but has no $SYSTEM_IMAGE; using a private engine"
    fi
elif [[ $MODE == system ]]; then
    echo "demo.sh: no engine answers at $system_host" >&2
    exit 1
fi

if [[ -n $use_system ]]; then
    export DOCKER_HOST=$system_host
    echo "using the system engine at $DOCKER_HOST"
else
    # shellcheck disable=SC2086 # word list
    deps_require $DEPS_ENGINE
    ENGINE_DIR=$(mktemp -d /tmp/dcpp-XXXXXX)
    scripts/engine.sh start "$ENGINE_DIR"
    # shellcheck source=/dev/null # written by engine.sh; exports DOCKER_CPP_TEST_*
    source "$ENGINE_DIR/env"
    export DOCKER_HOST=$DOCKER_CPP_TEST_HOST
    # A real pull, from the private engine's local registry.
    export QUICKSTART_IMAGE=${QUICKSTART_IMAGE:-$DOCKER_CPP_TEST_REGISTRY/busybox:latest}
fi

# The binary: build/demo/examples/quickstart, or one level down if the
# example has its own subdirectory.
BIN=
for candidate in build/demo/examples/quickstart build/demo/examples/quickstart/quickstart; do
    if [[ -f $candidate && -x $candidate ]]; then
        BIN=$candidate
        break
    fi
done
if [[ -z $BIN ]]; then
    echo "demo.sh: no quickstart binary under build/demo/examples" >&2
    exit 1
fi

section "quickstart (DOCKER_HOST=$DOCKER_HOST${QUICKSTART_IMAGE:+, QUICKSTART_IMAGE=$QUICKSTART_IMAGE})"
rc=0
"$BIN" || rc=$?
echo
echo "demo.sh: quickstart exited with $rc"
exit "$rc"
