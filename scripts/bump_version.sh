#!/usr/bin/env bash
# Sets the library version in its one home, include/docker/version.hpp, and releases the
# changelog's Unreleased section under it.
#
#   scripts/bump_version.sh 0.2.0
#
# CMake (project version, docker-cppConfigVersion.cmake), docker-cpp.pc and the single header
# all derive from version.hpp; the single header is regenerated here.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

version=${1:-}
if [[ ! $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
    echo "usage: $0 MAJOR.MINOR.PATCH (e.g. 0.2.0)" >&2
    exit 2
fi
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}

header=include/docker/version.hpp
sed -i -E \
    -e "s/^(#define DOCKER_CPP_VERSION_MAJOR) [0-9]+$/\1 $major/" \
    -e "s/^(#define DOCKER_CPP_VERSION_MINOR) [0-9]+$/\1 $minor/" \
    -e "s/^(#define DOCKER_CPP_VERSION_PATCH) [0-9]+$/\1 $patch/" "$header"
for part in "MAJOR $major" "MINOR $minor" "PATCH $patch"; do
    grep -qx "#define DOCKER_CPP_VERSION_$part" "$header" ||
        { echo "bump_version: $header has no '#define DOCKER_CPP_VERSION_$part' after the edit" >&2; exit 1; }
done

if grep -q "^## \[$version\]" CHANGELOG.md; then
    echo "bump_version: CHANGELOG.md already has a section for $version; left as it is"
else
    grep -q '^## \[Unreleased\]$' CHANGELOG.md || { echo "bump_version: CHANGELOG.md has no '## [Unreleased]'" >&2; exit 1; }
    sed -i "s/^## \[Unreleased\]$/## [Unreleased]\n\n## [$version] - $(date -u +%Y-%m-%d)/" CHANGELOG.md
fi

scripts/single_header.sh
echo "bump_version: now $version; review with git diff, then commit"
