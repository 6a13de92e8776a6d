#!/usr/bin/env bash
# A private OpenSSH server for the ssh:// tests: Debian's sshd on 127.0.0.1:<free port>
# with its own host key, accepting only keys made here, whose sessions reach the private
# engine through the remote side's `docker system dial-stdio`.
#
#   ssh-server.sh start DIR DOCKER_HOST   start sshd, write DIR/env
#   ssh-server.sh stop DIR                stop it (by the PID in DIR/sshd.pid), remove DIR
#
# DIR/env exports DOCKER_CPP_TEST_SSH_HOST (ssh://root@127.0.0.1:PORT), DOCKER_SSH_OPTS (the
# client's key, known_hosts, batch mode) and DOCKER_CPP_TEST_SSH_DIR, which also holds:
#   stranger_key    a key sshd does not accept (authentication fails)
#   nodocker_key    an accepted key whose session has no docker in PATH
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf 'ssh-server: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

free_port() {
    local port
    for ((port = 22220; port < 22420; port++)); do
        [[ -z $(ss -Hltn "sport = :$port") ]] && { echo "$port"; return 0; }
    done
    die "no free port"
}

cmd_start() {
    local dir=$1 docker_host=$2 port
    ((EUID == 0)) || die "must run as root (sshd)"
    command -v sshd >/dev/null && command -v ssh-keygen >/dev/null || die "sshd not found (Debian: openssh-server)"
    [[ ! -e $dir || -z $(ls -A "$dir") ]] || die "$dir exists and is not empty"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    chmod 700 "$dir"
    # sshd insists on its privilege-separation directory; note if we made it.
    if [[ ! -d /run/sshd ]]; then
        mkdir -p /run/sshd
        chmod 755 /run/sshd
        echo 1 >"$dir/created-run-sshd"
    fi
    ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/stranger_key"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/nodocker_key"
    # The session's docker CLI (Debian's, /usr/bin/docker) talks to the private engine.
    {
        printf 'environment="DOCKER_HOST=%s",environment="PATH=/usr/bin:/bin" %s\n' "$docker_host" \
            "$(cat "$dir/client_key.pub")"
        printf 'environment="PATH=/nonexistent" %s\n' "$(cat "$dir/nodocker_key.pub")"
    } >"$dir/authorized_keys"
    port=$(free_port)
    cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
PermitUserEnvironment DOCKER_HOST,PATH
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
LogLevel VERBOSE
CONF
    printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1-2 "$dir/host_key.pub")" >"$dir/known_hosts"
    setsid "$(command -v sshd)" -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/sshd.pid.launch"
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -n $(ss -Hltn "sport = :$port") ]] && break
        kill -0 "$(<"$dir/sshd.pid.launch")" 2>/dev/null || { cat "$dir/sshd.log" >&2; die "sshd exited"; }
        sleep 0.1
    done
    [[ -n $(ss -Hltn "sport = :$port") ]] || die "sshd did not listen on $port"
    local opts="-F /dev/null -i $dir/client_key -o IdentitiesOnly=yes -o IdentityAgent=none"
    opts+=" -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes"
    {
        printf 'export DOCKER_CPP_TEST_SSH_HOST=%q\n' "ssh://root@127.0.0.1:$port"
        printf 'export DOCKER_CPP_TEST_SSH_DIR=%q\n' "$dir"
        printf 'export DOCKER_SSH_OPTS=%q\n' "$opts"
    } >"$dir/env"
    log "sshd (pid $(<"$dir/sshd.pid.launch")) on 127.0.0.1:$port, sessions use DOCKER_HOST=$docker_host"
}

cmd_stop() {
    local dir=$1 pid i
    [[ -d $dir ]] || return 0
    if [[ -s $dir/sshd.pid.launch ]]; then
        pid=$(<"$dir/sshd.pid.launch")
        if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/sshd_config"; then
            log "stopping sshd (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    [[ -f $dir/created-run-sshd ]] && rmdir /run/sshd 2>/dev/null || true
    rm -rf "$dir"
}

case ${1:-} in
start) [[ $# == 3 ]] || die "usage: $0 start DIR DOCKER_HOST"; cmd_start "$2" "$3" ;;
stop) [[ $# == 2 ]] || die "usage: $0 stop DIR"; cmd_stop "$2" ;;
*) die "usage: $0 start DIR DOCKER_HOST | stop DIR" ;;
esac
