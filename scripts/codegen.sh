#!/usr/bin/env bash
# Regenerates the models, the operation table and docs/api-coverage.md from the Engine API
# spec (tools/codegen/generate.py); with --check, regenerates into a temporary folder and
# fails when anything checked in differs.
#
#   scripts/codegen.sh            rewrite the generated files
#   scripts/codegen.sh --check    compare only (scripts/test.sh runs this)
#
# Environment: DOCKER_CPP_SPEC_DIR  folder of v1.41.yaml ... v1.55.yaml
#              (default: ../shared/docker-api next to the checkout)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=/usr/bin/python3 # Debian's, with python3-yaml

GENERATED=(include/docker/models/generated include/docker/api/generated docs/api-coverage.md)

case ${1:-} in
"")
    rm -rf include/docker/models/generated include/docker/api/generated
    "$PYTHON" tools/codegen/generate.py --out "$ROOT"
    ;;
--check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    "$PYTHON" tools/codegen/generate.py --out "$tmp" --source "$ROOT"
    status=0
    for path in "${GENERATED[@]}"; do
        if ! diff -r -q "$path" "$tmp/$path" >"$tmp/diff.txt" 2>&1; then
            status=1
            sed 's/^/codegen: /' "$tmp/diff.txt"
            diff -r -u "$path" "$tmp/$path" | head -n 40 || true
        fi
    done
    if ((status)); then
        echo "codegen: the checked-in files are not what tools/codegen generates; run scripts/codegen.sh" >&2
        exit 1
    fi
    echo "codegen: generated files are current"
    ;;
*)
    echo "usage: scripts/codegen.sh [--check]" >&2
    exit 2
    ;;
esac
