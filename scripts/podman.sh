#!/usr/bin/env bash
# Private, throw-away Podman service speaking the Docker-compatible API, for running the
# integration suite and the examples against Podman (docs/compatibility.md).
#
#   podman.sh start DIR   start `podman system service` on DIR/podman.sock, write DIR/env
#   podman.sh stop DIR    remove its containers, stop it (by PID) and remove DIR
#
# Storage, run root, containers.conf, registries.conf and the auth file all live in DIR: the
# host's /etc/containers and /var/lib/containers are never used. The registries are the ones
# of a running scripts/engine.sh engine: pass its env (DOCKER_CPP_TEST_REGISTRY,
# DOCKER_CPP_TEST_AUTH_REGISTRY, ...) in the environment; they hold busybox:latest already.
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

IMAGE=busybox:latest
log() { printf 'podman: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
xcurl() { curl --noproxy '*' --silent --show-error --max-time 300 "$@"; }

# is_ours PID MATCH: PID is alive and its command line mentions MATCH (our private DIR), so a
# reused PID is never signalled.
is_ours() {
    local pid=$1 match=$2
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$match"
}

# stop_one PID WHAT MATCH TIMEOUT: SIGTERM, wait up to TIMEOUT s, then SIGKILL.
stop_one() {
    local pid=$1 what=$2 match=$3 timeout=$4 deadline
    is_ours "$pid" "$match" || return 0
    log "stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while is_ours "$pid" "$match"; do
        if ((SECONDS >= deadline)); then
            log "$what (pid $pid) ignored SIGTERM for ${timeout}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            return 0
        fi
        sleep 0.2
    done
}

paths() {
    DIR=$1
    SOCK=$DIR/podman.sock
    export CONTAINERS_CONF=$DIR/containers.conf
    export CONTAINERS_STORAGE_CONF=$DIR/storage.conf
    export CONTAINERS_REGISTRIES_CONF=$DIR/registries.conf
    export REGISTRY_AUTH_FILE=$DIR/auth.json
    export TMPDIR=$DIR/tmp
}

api() { # api METHOD PATH [curl args]: body on stdout, fails on HTTP >= 400
    local method=$1 path=$2 out code
    shift 2
    out=$(xcurl --unix-socket "$SOCK" -X "$method" -w '\n%{http_code}' "$@" "http://localhost$path") ||
        { log "$method $path: curl failed"; return 1; }
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    if [[ ! $code =~ ^[0-9]+$ ]] || ((code >= 400)); then
        log "$method $path -> HTTP $code: $out"
        return 1
    fi
    printf '%s\n' "$out"
}

write_config() {
    mkdir -p "$DIR"/{root,runroot,tmp,static,volumes,networks}
    # default_ulimits: without them runc fails here with "setting rlimit ... operation not
    # permitted" (the sandbox caps nofile/nproc below Podman's defaults). crun refuses hybrid
    # cgroups, so runc and cgroupfs. exit_command_delay: each exec otherwise leaves a conmon
    # waiting 300 s.
    cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
netns = "none"
log_driver = "k8s-file"

[network]
network_backend = "cni"
network_config_dir = "$DIR/networks"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$DIR/events.log"
tmp_dir = "$DIR/tmp/libpod"
static_dir = "$DIR/static"
volume_path = "$DIR/volumes"
exit_command_delay = 1
CONF
    cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "vfs"
runroot = "$DIR/runroot"
graphroot = "$DIR/root"
CONF
    {
        echo 'unqualified-search-registries = ["docker.io"]'
        local reg
        for reg in ${DOCKER_CPP_TEST_REGISTRY:-} ${DOCKER_CPP_TEST_AUTH_REGISTRY:-}; do
            printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$reg"
        done
    } >"$CONTAINERS_REGISTRIES_CONF"
    echo '{}' >"$REGISTRY_AUTH_FILE"
}

ping() { [[ $(xcurl --max-time 3 --unix-socket "$SOCK" http://localhost/_ping 2>/dev/null) == OK ]]; }

# The same busybox image engine.sh builds, imported from Debian's static busybox.
import_image() {
    local rootfs=$DIR/image/rootfs applet out
    mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
    chmod 1777 "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    while read -r applet; do
        [[ -n $applet && $applet != busybox && ! -e $rootfs/bin/$applet ]] || continue
        ln -s busybox "$rootfs/bin/$applet"
    done < <(/bin/busybox --list)
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
        >"$rootfs/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"$rootfs/etc/group"
    tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$DIR/image/rootfs.tar" .
    # Podman names an import docker.io/library/<...> whatever repo/tag says (a documented
    # difference); busybox:latest then resolves to it through the short-name rules.
    out=$(api POST "/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22sh%22%5D" \
        -H 'Content-Type: application/x-tar' --data-binary "@$DIR/image/rootfs.tar")
    if grep -q '"error"' <<<"$out"; then die "image import failed: $out"; fi
    rm -rf "$DIR/image"
}

verify_run() {
    local id out logs
    out=$(api POST /containers/create -H 'Content-Type: application/json' \
        -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"echo\",\"ok\"]}") || die "container create failed (see $DIR/podman.log)"
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$out")
    [[ -n $id ]] || die "container create answered: $out"
    api POST "/containers/$id/start" >/dev/null || die "container start failed (see $DIR/podman.log)"
    out=$(api POST "/containers/$id/wait")
    logs=$(xcurl --unix-socket "$SOCK" "http://localhost/containers/$id/logs?stdout=1&stderr=1" | tr -cd '[:print:]\n')
    api DELETE "/containers/$id?force=1" >/dev/null
    [[ $out == *'"StatusCode":0'* && $logs == ok ]] ||
        die "test container failed: wait=$out output=$logs (see $DIR/podman.log)"
    log "test container ran: $logs"
}

on_start_exit() {
    local rc=$?
    trap - EXIT
    if ((rc != 0)); then
        log "start failed; last lines of $DIR/podman.log:"
        tail -n 20 "$DIR/podman.log" >&2 2>/dev/null || true
        cmd_stop "$DIR" || true
    fi
    exit "$rc"
}

cmd_start() {
    ((EUID == 0)) || die "must run as root (rootful podman with private storage)"
    local c
    for c in podman runc conmon curl tar; do
        command -v "$c" >/dev/null || die "$c not found (Debian package podman)"
    done
    if [[ -e $1 && -n $(ls -A "$1" 2>/dev/null || echo x) ]]; then
        die "$1 exists and is not empty (a service already running there?)"
    fi
    mkdir -p "$1"
    paths "$(cd "$1" && pwd -P)"
    ((${#SOCK} < 100)) || die "$SOCK is too long for a unix socket path"
    trap on_start_exit EXIT
    trap 'exit 130' INT TERM
    write_config
    echo started >"$DIR/state"
    log "starting podman system service at unix://$SOCK (storage in $DIR)"
    setsid podman --root "$DIR/root" --runroot "$DIR/runroot" --cgroup-manager cgroupfs \
        system service --time=0 "unix://$SOCK" </dev/null >"$DIR/podman.log" 2>&1 &
    echo $! >"$DIR/podman.pid"
    local deadline=$((SECONDS + 30))
    until ping; do
        kill -0 "$(<"$DIR/podman.pid")" 2>/dev/null || die "podman system service exited"
        ((SECONDS < deadline)) || die "podman did not answer /_ping within 30 s"
        sleep 0.3
    done
    import_image
    verify_run
    local version api_version
    version=$(api GET /version)
    api_version=$(grep -o '"ApiVersion":"[^"]*"' <<<"$version" | head -n1 | cut -d'"' -f4)
    version=$(grep -o '"Version":"[^"]*"' <<<"$version" | head -n1 | cut -d'"' -f4)
    {
        printf 'export DOCKER_CPP_TEST_HOST=%q\n' "unix://$SOCK"
        printf 'export DOCKER_CPP_TEST_IMAGE=%q\n' "$IMAGE"
        printf 'export DOCKER_CPP_TEST_ENGINE=podman\n'
        local v
        for v in DOCKER_CPP_TEST_REGISTRY DOCKER_CPP_TEST_AUTH_REGISTRY DOCKER_CPP_TEST_AUTH_USER \
            DOCKER_CPP_TEST_AUTH_PASSWORD; do
            printf 'export %s=%q\n' "$v" "${!v:-}"
        done
    } >"$DIR/env"
    trap - EXIT INT TERM
    echo "podman: Podman $version (API $api_version) at unix://$SOCK"
}

unmount_under() {
    local root=$1 m mounts
    mounts=$(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | tac)
    while read -r m; do
        [[ -n $m ]] || continue
        m=$(printf '%b' "$m")
        umount "$m" 2>/dev/null || umount -l "$m" || log "WARNING: could not unmount $m"
    done <<<"$mounts"
}

cmd_stop() {
    trap '' INT TERM HUP
    [[ -d $1 ]] || { log "$1: nothing to stop"; return 0; }
    paths "$(cd "$1" && pwd -P)"
    if [[ ! -f $DIR/state ]]; then
        rmdir "$DIR" 2>/dev/null || die "$DIR has no podman state file; not removing it"
        return 0
    fi
    # Containers outlive the service: remove them while it still answers.
    if ping; then
        local id
        for id in $(api GET '/containers/json?all=1' | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4); do
            api DELETE "/containers/$id?force=1&v=1" >/dev/null || true
        done
    fi
    stop_one "$(cat "$DIR/podman.pid" 2>/dev/null || true)" "podman service" "$DIR" 15
    # What is left of ours (a conmon per exec, waiting exit_command_delay) names DIR on its
    # command line; signal each by PID, never by name.
    local pid exe
    for pid in /proc/[0-9]*; do
        pid=${pid#/proc/}
        exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
        case ${exe##*/} in conmon | podman | runc) ;; *) continue ;; esac
        if ((pid != $$)) && is_ours "$pid" "$DIR/"; then stop_one "$pid" "${exe##*/}" "$DIR/" 5; fi
    done
    unmount_under "$DIR"
    rm -rf --one-file-system "$DIR" || die "could not remove $DIR"
    log "stopped and removed $DIR"
}

(($# == 2)) || usage
case $1 in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" ;;
*) usage ;;
esac
