# shellcheck shell=bash
# Dependency check shared by scripts/test.sh and scripts/demo.sh (sourced).
#
#   deps_require NEED...   make sure every NEED is there; when root, install
#                          the Debian packages of the missing ones, otherwise
#                          print the apt-get command and fail.
#
# NEEDs are short names (see _dep_present); the groups below are what the
# scripts ask for. A fresh Debian 12 machine has none of the engine ones.

# shellcheck disable=SC2034 # used by the scripts that source this file
DEPS_BUILD="cmake ninja gxx nlohmann curl"
# shellcheck disable=SC2034
DEPS_TEST="cmake ninja gxx clang clang-rt nlohmann catch2 benchmark git make pkg-config pyyaml libssl doxygen podman gtest redis valgrind strace"
# shellcheck disable=SC2034
DEPS_ENGINE="dockerd registry htpasswd curl busybox ss ca-certificates"
# TLS, ssh:// and credential-helper tests (openssl certificates, a private sshd, docker-credential-pass).
DEPS_ENGINE+=" openssl sshd ssh credhelper-pass pass gpg"

# dockerd lives in sbin, which a minimal PATH may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;; esac

# Major version of clang++ (its sanitizer runtime must match); Debian 12's
# clang is 14, which is also what gets installed when clang is missing.
_dep_clang_major() {
    local v
    v=$(clang++ -dumpversion 2>/dev/null) || v=14
    echo "${v%%.*}"
}

# _dep_present NEED: succeeds if NEED is installed.
_dep_present() {
    local arch rt
    case $1 in
    cmake | curl | git | make | pkg-config | doxygen | valgrind | strace) command -v "$1" ;;
    podman) command -v podman && command -v conmon && command -v runc ;;
    ninja) command -v ninja ;;
    gxx) command -v g++ ;;
    clang) command -v clang++ ;;
    clang-rt)
        # ASan/UBSan for the sanitizer build, libFuzzer for fuzz targets.
        arch=$(uname -m)
        rt="/usr/lib/llvm-$(_dep_clang_major)/lib/clang/*/lib/linux" # a pattern for compgen
        compgen -G "$rt/libclang_rt.asan-$arch.a" && compgen -G "$rt/libclang_rt.fuzzer-$arch.a"
        ;;
    nlohmann) [[ -f /usr/include/nlohmann/json.hpp ]] ;;
    catch2) [[ -f /usr/include/catch2/catch.hpp || -f /usr/include/catch2/catch_test_macros.hpp ]] ;;
    benchmark) [[ -f /usr/include/benchmark/benchmark.h ]] ;;
    gtest) [[ -f /usr/include/gtest/gtest.h ]] ;;      # examples/testcontainers (GoogleTest example)
    redis) [[ -x /usr/bin/redis-server ]] ;;           # examples/testcontainers builds its image from it
    dockerd) command -v dockerd && command -v containerd && command -v runc ;;
    registry) command -v docker-registry ;;
    htpasswd) command -v htpasswd ;;
    busybox) [[ -x /bin/busybox ]] && /bin/busybox --list >/dev/null ;;
    ss) command -v ss ;;
    ca-certificates) [[ -f /etc/ssl/certs/ca-certificates.crt ]] ;;
    pyyaml) /usr/bin/python3 -c 'import yaml' ;; # tools/codegen
    libssl) [[ -f /usr/include/openssl/ssl.h ]] ;;
    openssl) command -v openssl ;;
    sshd) [[ -x /usr/sbin/sshd ]] && command -v ssh-keygen ;;
    ssh) command -v ssh ;;
    credhelper-pass) command -v docker-credential-pass ;;
    pass) command -v pass ;;
    gpg) command -v gpg && command -v gpg-agent ;;
    *) return 2 ;;
    esac >/dev/null 2>&1
}

# _dep_package NEED: the Debian package that provides NEED.
_dep_package() {
    case $1 in
    ninja) echo ninja-build ;;
    gxx) echo g++ ;;
    clang-rt) echo "libclang-rt-$(_dep_clang_major)-dev" ;;
    nlohmann) echo nlohmann-json3-dev ;;
    benchmark) echo libbenchmark-dev ;;
    gtest) echo libgtest-dev ;;
    redis) echo redis-server ;;
    dockerd) echo docker.io ;;
    registry) echo docker-registry ;;
    htpasswd) echo apache2-utils ;;
    busybox) echo busybox-static ;;
    ss) echo iproute2 ;;
    pyyaml) echo python3-yaml ;;
    libssl) echo libssl-dev ;;
    sshd) echo openssh-server ;;
    ssh) echo openssh-client ;;
    credhelper-pass) echo golang-docker-credential-helpers ;;
    gpg) echo "gnupg gpg-agent" ;;
    podman) echo podman runc ;; # scripts/podman.sh uses runc (crun refuses hybrid cgroups)
    *) echo "$1" ;; # cmake clang catch2 curl git make pkg-config ca-certificates
    esac
}

# _dep_missing NEED...: prints the missing NEEDs, one per line.
_dep_missing() {
    local need
    for need in "$@"; do
        _dep_present "$need" || echo "$need"
    done
}

_DEP_KNOWN=" cmake curl git make pkg-config ninja gxx clang clang-rt nlohmann catch2 benchmark dockerd registry htpasswd busybox ss ca-certificates pyyaml libssl openssl sshd ssh credhelper-pass pass gpg doxygen podman gtest redis valgrind strace "

deps_require() {
    local missing packages need
    for need in "$@"; do
        if [[ $_DEP_KNOWN != *" $need "* ]]; then
            echo "deps: unknown dependency '$need'" >&2
            return 2
        fi
    done
    missing=$(_dep_missing "$@" | sort -u)
    [[ -n $missing ]] || return 0
    packages=$(for need in $missing; do _dep_package "$need"; done | sort -u | tr '\n' ' ')
    echo "deps: missing: $(echo "$missing" | tr '\n' ' ')" >&2
    if ((EUID != 0)); then
        echo "deps: run as root, or install them with:" >&2
        echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages" >&2
        return 1
    fi
    echo "deps: installing: $packages" >&2
    # A failing third-party source should not stop us; install tells if the
    # packages really are unavailable.
    apt-get -q -o DPkg::Lock::Timeout=300 update || echo "deps: apt-get update had errors" >&2
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        install --no-install-recommends $packages
    hash -r
    missing=$(_dep_missing "$@")
    if [[ -n $missing ]]; then
        echo "deps: still missing after apt-get install: $(echo "$missing" | tr '\n' ' ')" >&2
        return 1
    fi
}
