#!/usr/bin/env bash
# Private, throw-away Docker engine plus two local registries for the tests
# and the demo.
#
#   engine.sh start DIR   start dockerd + registries, write DIR/env
#                         (DOCKER_CPP_ENGINE_TLS=1: dockerd also listens on
#                         tcp://127.0.0.1:<free port> with --tlsverify, certificates
#                         from scripts/tls-certs.sh in DIR/tls)
#   engine.sh stop DIR    stop everything started for DIR and remove DIR
#
# Everything lives under DIR (and, if DIR is long, a short /tmp/dcpp-x.*
# directory for the sockets). Every process is stopped by the PID in its pid
# file, never by name, so several engines and a system engine can coexist.
set -euo pipefail

# dockerd, runc and friends live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

AUTH_USER=testuser
AUTH_PASSWORD=testpassword
IMAGE=busybox:latest

log() { printf 'engine: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

# curl that ignores proxy settings (everything is local) and never hangs.
xcurl() { curl --noproxy '*' --silent --show-error --max-time 300 "$@"; }

# api METHOD PATH [curl args...]: call the private engine, print the body,
# fail on HTTP >= 400.
api() {
    local method=$1 path=$2 out code
    shift 2
    out=$(xcurl --unix-socket "$SOCK" -X "$method" -w '\n%{http_code}' "$@" \
        "http://localhost$path") || { log "$method $path: curl failed"; return 1; }
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    if [[ ! $code =~ ^[0-9]+$ ]] || ((code >= 400)); then
        log "$method $path -> HTTP $code: $out"
        return 1
    fi
    printf '%s\n' "$out"
}

# Streaming endpoints (import, push, pull) answer 200 and report failures
# inside the JSON stream.
check_stream() {
    local what=$1 out=$2
    if grep -q '"error"' <<<"$out"; then
        log "$what failed:"
        printf '%s\n' "$out" >&2
        return 1
    fi
}

# is_ours PID MATCH: PID is alive and its command line (or, for container
# processes, its cgroup path) mentions MATCH. Guards against PID reuse.
is_ours() {
    local pid=$1 match=$2
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$match" ||
        grep -qF -- "$match" "/proc/$pid/cgroup" 2>/dev/null
}

# stop_pid PIDFILE WHAT MATCH TIMEOUT: SIGTERM, wait up to TIMEOUT s, SIGKILL.
stop_pid() {
    local pidfile=$1 what=$2 match=$3 timeout=$4 pid deadline
    [[ -s $pidfile ]] || return 0
    pid=$(head -n1 "$pidfile" 2>/dev/null || true)
    is_ours "$pid" "$match" || return 0
    log "stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while is_ours "$pid" "$match"; do
        if ((SECONDS >= deadline)); then
            log "$what (pid $pid) ignored SIGTERM for ${timeout}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            deadline=$((SECONDS + 10))
            while is_ours "$pid" "$match" && ((SECONDS < deadline)); do sleep 0.2; done
            if is_ours "$pid" "$match"; then log "WARNING: $what (pid $pid) survived SIGKILL"; fi
            return 0
        fi
        sleep 0.2
    done
}

# wait_for TIMEOUT PID LOGFILE WHAT CMD...: poll CMD until it succeeds; give
# up (with the log tail) on timeout or when process PID has died.
wait_for() {
    local timeout=$1 pid=$2 logfile=$3 what=$4 deadline
    shift 4
    deadline=$((SECONDS + timeout))
    until "$@"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$what: process $pid exited; last lines of $logfile:"
            tail -n 30 "$logfile" >&2 || true
            return 1
        fi
        if ((SECONDS >= deadline)); then
            log "timed out after ${timeout}s waiting for $what; last lines of $logfile:"
            tail -n 30 "$logfile" >&2 || true
            return 1
        fi
        sleep 0.3
    done
}

# Paths for DIR: read back what start recorded in DIR/state, or defaults.
load_state() {
    DIR=$1
    SHORT='' EXEC=$DIR/exec SOCK=$DIR/docker.sock CREATED_HOST_DIRS='' CGROUP_PARENT=''
    if [[ -f $DIR/state ]]; then
        # shellcheck source=/dev/null
        source "$DIR/state"
    fi
}

# Choose paths for a new engine in DIR and record them in DIR/state.
# The exec-root must be short: libnetwork puts a socket named <64 hex>.sock
# under EXEC/libnetwork and sun_path holds only 107 chars, so EXEC may have
# at most 26. For a long DIR the sockets go to a short /tmp directory.
init_state() {
    load_state "$1"
    # Own cgroup parent (also the containerd namespace), unique per engine.
    CGROUP_PARENT=docker-cpp-test-$$-$RANDOM
    if ((${#EXEC} > 26)); then
        SHORT=$(mktemp -d /tmp/dcpp-x.XXXXXX)
        EXEC=$SHORT/exec
        SOCK=$SHORT/docker.sock
    fi
    # Host-wide dirs that dockerd/containerd create if missing; stop removes
    # them again if they are still empty.
    local d
    for d in /run/docker/plugins /run/docker /run/containerd/s /run/containerd; do
        [[ -e $d ]] || CREATED_HOST_DIRS+="$d "
    done
    {
        printf 'SHORT=%q\nEXEC=%q\nSOCK=%q\n' "$SHORT" "$EXEC" "$SOCK"
        printf 'CGROUP_PARENT=%q\nCREATED_HOST_DIRS=%q\n' "$CGROUP_PARENT" "$CREATED_HOST_DIRS"
    } >"$DIR/state"
}

start_dockerd() {
    [[ -z $SHORT ]] || ln -sfn "$SOCK" "$DIR/docker.sock"
    # Own config file: a host /etc/docker/daemon.json could conflict with our
    # flags. Before 23.0 dockerd writes a trust key, by default to
    # /etc/docker/key.json; keep it in DIR (newer versions reject the option).
    local major
    major=$(dockerd --version | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
    if [[ -n $major ]] && ((major < 23)); then
        printf '{"deprecated-key-path": "%s"}\n' "$DIR/key.json" >"$DIR/daemon.json"
    else
        echo '{}' >"$DIR/daemon.json"
    fi
    # Opt-in: a second listener, TCP with mutual TLS, on the same engine.
    local tls_args=()
    TLS_HOST=
    if [[ ${DOCKER_CPP_ENGINE_TLS:-0} == 1 ]]; then
        "$(dirname "${BASH_SOURCE[0]}")/tls-certs.sh" "$DIR/tls"
        TLS_HOST=tcp://127.0.0.1:$(pick_port 23760 0)
        tls_args=(--host "$TLS_HOST" --tlsverify --tlscacert "$DIR/tls/ca.pem"
            --tlscert "$DIR/tls/server-cert.pem" --tlskey "$DIR/tls/server-key.pem")
        log "dockerd also listens on $TLS_HOST (TLS, client certificates required)"
    fi
    log "starting dockerd (data-root $DIR/data, exec-root $EXEC)"
    # The containerd namespaces only matter if dockerd picks up a system
    # containerd (it does when /run/containerd/containerd.sock exists).
    # setsid: a Ctrl-C or a signal to the caller's process group must not hit
    # the daemons directly; only stop ends them, in order. Without job control
    # a background job leads no process group, so setsid execs in place and $!
    # is the daemon itself (were it to fork, wait_for would report it).
    setsid dockerd \
        --config-file "$DIR/daemon.json" \
        --storage-driver=vfs \
        --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
        --host "unix://$SOCK" "${tls_args[@]}" \
        --data-root "$DIR/data" \
        --exec-root "$EXEC" \
        --pidfile "$DIR/docker.pid" \
        --cgroup-parent "$CGROUP_PARENT" \
        --containerd-namespace "$CGROUP_PARENT" \
        --containerd-plugins-namespace "$CGROUP_PARENT-plugins" \
        </dev/null >"$DIR/dockerd.log" 2>&1 &
    echo $! >"$DIR/dockerd.pid"
    wait_for 30 "$(<"$DIR/dockerd.pid")" "$DIR/dockerd.log" "dockerd to answer /_ping" \
        ping_engine
}

ping_engine() { [[ $(xcurl --max-time 3 --unix-socket "$SOCK" http://localhost/_ping 2>/dev/null) == OK ]]; }

# Minimal image from Debian's static busybox; no network needed.
build_image() {
    local rootfs=$DIR/image/rootfs applet out
    log "building $IMAGE from /bin/busybox"
    mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
    chmod 1777 "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    while read -r applet; do
        [[ -n $applet && $applet != busybox && ! -e $rootfs/bin/$applet ]] || continue
        ln -s busybox "$rootfs/bin/$applet"
    done < <(/bin/busybox --list)
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
        'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$rootfs/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"$rootfs/etc/group"
    tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$DIR/image/rootfs.tar" .
    out=$(api POST "/images/create?fromSrc=-&repo=${IMAGE%:*}&tag=${IMAGE#*:}&changes=CMD%20%5B%22sh%22%5D" \
        -H 'Content-Type: application/x-tar' --data-binary "@$DIR/image/rootfs.tar")
    check_stream "image import" "$out"
    rm -rf "$DIR/image"
}

# Proves that containers really run here (cgroups, runc, vfs).
verify_run() {
    local id out
    out=$(api POST /containers/create -H 'Content-Type: application/json' \
        -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"echo\",\"ok\"]}")
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$out")
    [[ -n $id ]] || die "container create answered: $out"
    api POST "/containers/$id/start" >/dev/null
    out=$(api POST "/containers/$id/wait")
    # Logs are multiplexed: drop the binary frame headers.
    local logs
    logs=$(xcurl --unix-socket "$SOCK" "http://localhost/containers/$id/logs?stdout=1&stderr=1" |
        tr -cd '[:print:]\n')
    api DELETE "/containers/$id?force=1" >/dev/null
    [[ $out == *'"StatusCode":0'* && $logs == ok ]] ||
        die "test container failed: wait=$out output=$logs (see $DIR/dockerd.log)"
    log "test container ran: $logs"
}

port_free() {
    local port=$1
    if command -v ss >/dev/null; then
        [[ -z $(ss -Hltn "sport = :$port") ]]
    else
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 1; fi
    fi
}

# pick_port FIRST EXCLUDE: first free port from FIRST on, other than EXCLUDE.
pick_port() {
    local port
    for ((port = $1; port < $1 + 200; port++)); do
        [[ $port != "$2" ]] && port_free "$port" && { echo "$port"; return 0; }
    done
    die "no free port in $1..$(($1 + 199))"
}

registry_code() { xcurl --max-time 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/" 2>/dev/null; }
registry_answers() { [[ $(registry_code "$1") == "$2" ]]; }

# start_registry NAME FIRST_PORT EXCLUDE_PORT EXPECTED_CODE [AUTH]: prints the
# port. Retries on another port if someone grabbed ours meanwhile.
start_registry() {
    local name=$1 first=$2 exclude=$3 expect=$4 auth=${5:-} port pid
    local conf=$DIR/registry-$name.yml logf=$DIR/registry-$name.log
    for _ in 1 2 3; do
        port=$(pick_port "$first" "$exclude")
        cat >"$conf" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $DIR/registry-$name
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
        if [[ -n $auth ]]; then
            htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$DIR/htpasswd"
            printf 'auth:\n  htpasswd:\n    realm: docker-cpp-test\n    path: %s\n' \
                "$DIR/htpasswd" >>"$conf"
        fi
        setsid docker-registry serve "$conf" </dev/null >"$logf" 2>&1 &
        pid=$!
        echo "$pid" >"$DIR/registry-$name.pid"
        if wait_for 20 "$pid" "$logf" "registry $name on port $port" \
            registry_answers "$port" "$expect"; then
            echo "$port"
            return 0
        fi
        stop_pid "$DIR/registry-$name.pid" "registry $name" "$DIR" 5
        grep -q 'address already in use' "$logf" || break
        first=$((port + 1))
    done
    die "could not start registry $name"
}

# X-Registry-Auth: base64url of the JSON auth config.
registry_auth() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_'; }

# push_image REGISTRY AUTHJSON: push $IMAGE there, then drop the local tag so
# that a later pull really downloads.
push_image() {
    local reg=$1 auth=$2 repo=$1/${IMAGE%:*} tag=${IMAGE#*:} out
    api POST "/images/$IMAGE/tag?repo=$repo&tag=$tag" >/dev/null
    out=$(api POST "/images/$repo/push?tag=$tag" -H "X-Registry-Auth: $(registry_auth "$auth")")
    check_stream "push to $reg" "$out"
    grep -q 'digest: sha256:' <<<"$out" || die "push to $reg reported no digest: $out"
    api DELETE "/images/$repo:$tag" >/dev/null
    log "pushed $IMAGE to $reg"
}

# Undoes a failed or interrupted start.
on_start_exit() {
    local rc=$?
    trap - EXIT
    if ((rc != 0)); then
        log "start failed; cleaning up"
        cmd_stop "$DIR" || true
    fi
    exit "$rc"
}

cmd_start() {
    ((EUID == 0)) || die "must run as root: dockerd needs root (try: sudo $0 start $1)"
    local c
    for c in dockerd docker-registry htpasswd curl tar base64; do
        command -v "$c" >/dev/null || die "$c not found (scripts/test.sh installs the dependencies)"
    done
    [[ -x /bin/busybox ]] || die "/bin/busybox not found (Debian package busybox-static)"

    # stop removes DIR, so only ever take a new or empty one.
    if [[ -e $1 && -n $(ls -A "$1" 2>/dev/null || echo x) ]]; then
        die "$1 exists and is not empty (an engine already running there?)"
    fi
    mkdir -p "$1"
    local dir
    dir=$(cd "$1" && pwd -P)
    DIR=$dir
    # Undo everything on any failure or interruption.
    trap on_start_exit EXIT
    trap 'exit 130' INT TERM
    init_state "$dir"

    start_dockerd
    local info version api_version
    info=$(api GET /info)
    version=$(sed -n 's/.*"ServerVersion":"\([^"]*\)".*/\1/p' <<<"$info")
    api_version=$(api GET /version | grep -o '"ApiVersion":"[^"]*"' | head -n1 | cut -d'"' -f4)
    # Pushing to plain-HTTP registries relies on dockerd's built-in insecure
    # 127.0.0.0/8; check rather than assume.
    grep -q '"InsecureRegistryCIDRs":\[[^]]*"127\.0\.0\.0/8"' <<<"$info" ||
        die "dockerd does not treat 127.0.0.0/8 as insecure registries"

    build_image
    verify_run

    local port auth_port
    port=$(start_registry open 5000 0 200)
    auth_port=$(start_registry auth 5001 "$port" 401 htpasswd)
    push_image "127.0.0.1:$port" '{}'
    push_image "127.0.0.1:$auth_port" \
        "{\"username\":\"$AUTH_USER\",\"password\":\"$AUTH_PASSWORD\",\"serveraddress\":\"127.0.0.1:$auth_port\"}"

    {
        printf 'export DOCKER_CPP_TEST_HOST=%q\n' "unix://$SOCK"
        printf 'export DOCKER_CPP_TEST_IMAGE=%q\n' "$IMAGE"
        printf 'export DOCKER_CPP_TEST_REGISTRY=%q\n' "127.0.0.1:$port"
        printf 'export DOCKER_CPP_TEST_AUTH_REGISTRY=%q\n' "127.0.0.1:$auth_port"
        printf 'export DOCKER_CPP_TEST_AUTH_USER=%q\n' "$AUTH_USER"
        printf 'export DOCKER_CPP_TEST_AUTH_PASSWORD=%q\n' "$AUTH_PASSWORD"
        if [[ -n $TLS_HOST ]]; then
            printf 'export DOCKER_CPP_TEST_TLS_HOST=%q\n' "$TLS_HOST"
            printf 'export DOCKER_CPP_TEST_TLS_CERT_PATH=%q\n' "$DIR/tls/client"
            printf 'export DOCKER_CPP_TEST_TLS_DIR=%q\n' "$DIR/tls"
        fi
    } >"$DIR/env"
    trap - EXIT INT TERM
    echo "engine: dockerd $version (API $api_version) at unix://$SOCK;" \
        "registries 127.0.0.1:$port (open), 127.0.0.1:$auth_port (htpasswd)"
}

# Unmount everything at or below $1, deepest first.
unmount_under() {
    local root=$1 m
    [[ -n $root ]] || return 0
    local mounts
    mounts=$(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | tac)
    while read -r m; do
        [[ -n $m ]] || continue
        m=$(printf '%b' "$m") # /proc/self/mounts escapes spaces as \040
        log "unmounting $m"
        umount "$m" 2>/dev/null || umount -R "$m" 2>/dev/null || umount -l "$m" ||
            log "WARNING: could not unmount $m"
    done <<<"$mounts"
}

cmd_stop() {
    # Finish the cleanup even if the caller's process group gets a Ctrl-C or
    # SIGTERM meanwhile (every wait below is bounded).
    trap '' INT TERM HUP
    if [[ ! -d $1 ]]; then
        log "$1: nothing to stop"
        return 0
    fi
    local dir f name
    dir=$(cd "$1" && pwd -P)
    if [[ ! -f $dir/state ]]; then
        # Not (or not yet) an engine dir: never rm -rf someone's directory.
        rmdir "$dir" 2>/dev/null || die "$dir has no engine state file; not removing it"
        log "$dir: nothing to stop"
        return 0
    fi
    load_state "$dir"

    # dockerd stops its containers (up to 15 s) and its containerd.
    stop_pid "$DIR/dockerd.pid" dockerd "$DIR" 25
    stop_pid "$DIR/docker.pid" dockerd "$DIR" 25
    # Only after a crash or SIGKILL: containerd, then container processes and
    # their shims. A shim has no pid file; it is the parent of the container's
    # init process and works in the container's bundle dir.
    stop_pid "$EXEC/containerd/containerd.pid" containerd "$EXEC" 10
    local bundle shim addr
    for bundle in "$EXEC"/containerd/daemon/io.containerd.runtime.v2.task/*/*/; do
        [[ -d $bundle ]] || continue
        bundle=${bundle%/}
        shim=
        if [[ -s $bundle/init.pid ]]; then
            shim=$(awk '/^PPid:/ { print $2 }' "/proc/$(<"$bundle/init.pid")/status" 2>/dev/null || true)
            stop_pid "$bundle/init.pid" "container process" "/$CGROUP_PARENT/${bundle##*/}" 2
        fi
        if [[ -n $shim && $(readlink "/proc/$shim/cwd" 2>/dev/null) == "$bundle" ]]; then
            echo "$shim" >"$bundle/shim.pid"
            stop_pid "$bundle/shim.pid" "containerd shim" "$EXEC" 5
        fi
        # The shim's socket lives outside DIR, in /run/containerd/s.
        addr=$(cat "$bundle/address" 2>/dev/null || true)
        addr=${addr#unix://}
        if [[ $addr == /run/containerd/s/* ]]; then rm -f "$addr"; fi
    done
    for f in "$DIR"/registry-*.pid; do
        name=${f##*/registry-}
        if [[ -e $f ]]; then stop_pid "$f" "registry ${name%.pid}" "$DIR" 10; fi
    done

    unmount_under "$DIR"
    unmount_under "$SHORT"

    # Our containers' parent cgroup, in every hierarchy (it sits below the
    # cgroup dockerd ran in); rmdir only ever removes empty cgroups.
    local cg
    while read -r cg; do
        if [[ -n $cg ]]; then find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
    done < <([[ -z $CGROUP_PARENT ]] ||
        find /sys/fs/cgroup -maxdepth 8 -type d -name "$CGROUP_PARENT" -prune -print 2>/dev/null)
    for f in $CREATED_HOST_DIRS; do
        rmdir "$f" 2>/dev/null || true
    done

    # --one-file-system: never follow a mount we failed to remove.
    rm -rf --one-file-system "$DIR" ${SHORT:+"$SHORT"} ||
        die "could not remove $DIR (see messages above)"
    log "stopped and removed $DIR"
}

(($# == 2)) || usage
case $1 in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" ;;
*) usage ;;
esac
