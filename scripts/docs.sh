#!/usr/bin/env bash
# The API reference: Doxygen over docs/ (docs/README.md is the main page) and the public headers, into
# build/docs/html (or DIR).
#
#   scripts/docs.sh [DIR]
#
# Fails on every Doxygen warning, except "not documented" ones outside STRICT below: those
# are counted and listed, and fail only for the paths STRICT names (today: every public header).
set -euo pipefail

# Paths (files, or directories ending in /) whose every public name must be documented.
STRICT=(
    include/docker/
    docs/
)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
command -v doxygen >/dev/null || { echo "docs: doxygen not found (Debian package doxygen)" >&2; exit 1; }

OUT=${1:-build/docs}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT/html" "$OUT/warnings.log"
version=$(awk '/^#define DOCKER_CPP_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$/ { v = v sep $3; sep = "." } END { print v }' \
    include/docker/version.hpp)
DOCKER_CPP_DOCS_OUT=$OUT DOCKER_CPP_VERSION=$version doxygen Doxyfile

# One warning per line from here on (Doxygen continues long ones on indented lines).
warnings=$(awk '/^[^ \t]/ { if (w != "") print w; w = $0; next } { w = w " " $0 } END { if (w != "") print w }' \
    "$OUT/warnings.log" | sed "s#^$ROOT/##")
undocumented='is not documented|are not \(all\) documented|not documented'

strict_re=$(printf '%s\n' "${STRICT[@]}" | sed 's/[.]/\\./g; s#/$#/.*#; s#^#^#; s#$#:#' | paste -sd'|')
failures=$(grep -Ev "$undocumented" <<<"$warnings" || true)
strict_undocumented=$(grep -E "$undocumented" <<<"$warnings" | grep -E "$strict_re" || true)
other_undocumented=$(grep -E "$undocumented" <<<"$warnings" | grep -Ev "$strict_re" || true)

count() { if [[ -z $1 ]]; then echo 0; else wc -l <<<"$1"; fi; }
if [[ -n $other_undocumented ]]; then
    echo "docs: $(count "$other_undocumented") undocumented names outside the strict list, by file:"
    cut -d: -f1 <<<"$other_undocumented" | sort | uniq -c | sort -rn | sed 's/^/  /'
fi
if [[ -n $failures || -n $strict_undocumented ]]; then
    echo "docs: FAILED: $(count "$failures") Doxygen warnings, $(count "$strict_undocumented") undocumented names in ${STRICT[*]}:" >&2
    printf '%s\n' "$failures" "$strict_undocumented" | grep -v '^$' | head -n 60 >&2
    exit 1
fi
echo "docs: reference in $OUT/html/index.html; no warnings, every name documented in: ${STRICT[*]}"
