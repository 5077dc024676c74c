# shellcheck shell=bash
# Switchboard shell helpers. Source this file; it sets no shell options of its own.
#
#   sb_log MSG...                 message to stderr, prefixed "sb: "
#   sb_die MSG...                 sb_log, then return 1 (use as: sb_die "..." || exit 1 / under set -e)
#   sb_install_deps [PKG...]      apt-get install the Debian packages the scripts need, plus PKG...
#                                 (no-op if all are present)
#   sb_ensure_swift               put Swift on PATH (/opt/swift/usr/bin fallback), require 6.2+
#   sb_free_port                  print a free TCP port on 127.0.0.1
#   sb_port_in_use PORT           true if something listens on 127.0.0.1:PORT
#   sb_wait_http URL SECONDS      poll until URL answers 200; non-zero on timeout
#   sb_http_status URL            print the HTTP status code of GET URL ("000" if no answer)
#   sb_spawn LOG [VAR=VAL...] CMD [ARGS...]
#                                 start CMD in the background, in its own session, stdin from
#                                 /dev/null, stdout+stderr appended to LOG; pid in SB_SPAWNED_PID
#   sb_start_redis PORT DIR       start redis-server on 127.0.0.1:PORT (log DIR/redis.log, pid
#                                 DIR/redis.pid and SB_REDIS_PID), wait until it answers PONG
#   sb_redis_ping PORT [HOST]     true if redis answers PONG
#   sb_pid_alive PID              true if PID runs (a zombie counts as dead)
#   sb_wait_exit PID SECONDS      wait until PID is gone; non-zero on timeout
#   sb_stop_pids SECONDS PID...   SIGTERM the pids, wait up to SECONDS, SIGKILL leftovers, reap
#
# Call sb_start_redis and sb_spawn in the shell that must own the process (not in "$(...)"),
# so that the process is a child of that shell and `wait PID` can collect its exit status.

SB_APT_PACKAGES=(libhiredis-dev pkg-config redis-server redis-tools curl jq python3 docker-compose ca-certificates
    libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us flite1-dev libwebrtc-audio-processing-dev libsamplerate0-dev
    python3-websockets flite libssl-dev)
# Only the test suites need these (headless browser for the web UI test, venv for the fuzz run).
SB_TEST_APT_PACKAGES=(chromium chromium-driver python3-selenium python3-venv python3-cryptography python3-jwt)
SB_REQUIRED_COMMANDS=(pkg-config redis-server redis-cli curl jq python3 docker-compose)

sb_log() { printf 'sb: %s\n' "$*" >&2; }

sb_die() {
    sb_log "error: $*"
    return 1
}

sb_now_ms() {
    local t
    t=$(date +%s%N)
    printf '%s\n' $((t / 1000000))
}

sb_install_deps() {
    local missing=() pkg cmd wanted=("${SB_APT_PACKAGES[@]}" "$@")
    if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        for pkg in "${wanted[@]}"; do
            if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
                missing+=("$pkg")
            fi
        done
        if ((${#missing[@]} == 0)); then
            return 0
        fi
        sb_log "installing missing packages: ${missing[*]}"
        local sudo=()
        if [[ $(id -u) -ne 0 ]]; then
            if command -v sudo >/dev/null 2>&1; then
                sudo=(sudo)
            else
                sb_die "not root and sudo is missing; install as root: apt-get install ${wanted[*]}"
                return 1
            fi
        fi
        # All apt output goes to stderr: callers may reserve stdout for their own result lines.
        "${sudo[@]}" apt-get update >&2 || { sb_die "apt-get update failed"; return 1; }
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            "${wanted[@]}" >&2 || { sb_die "apt-get install failed"; return 1; }
        return 0
    fi
    # Not a Debian-like system: only check that the commands exist.
    for cmd in "${SB_REQUIRED_COMMANDS[@]}"; do
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
    done
    if ((${#missing[@]} > 0)); then
        sb_die "missing commands: ${missing[*]} (and hiredis headers); this script installs them only on Debian/Ubuntu"
        return 1
    fi
}

sb_ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [[ -x /opt/swift/usr/bin/swift ]]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            sb_die "swift not found on PATH nor in /opt/swift/usr/bin: Swift 6.2+ must be installed (https://www.swift.org/install/linux/)"
            return 1
        fi
    fi
    local version major minor
    version=$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1.\2/p' | head -n 1)
    if [[ -z $version ]]; then
        sb_log "warning: could not read the Swift version; Swift 6.2+ is required"
        return 0
    fi
    major=${version%%.*}
    minor=${version#*.}
    if ((major < 6 || (major == 6 && minor < 2))); then
        sb_die "Swift $version found at $(command -v swift): Swift 6.2+ must be installed"
        return 1
    fi
}

sb_free_port() {
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

sb_port_in_use() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
sys.exit(0)
PY
}

sb_http_status() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null) || true
    printf '%s\n' "${code:-000}"
}

sb_wait_http() {
    local url=$1 seconds=$2 deadline
    deadline=$(($(sb_now_ms) + seconds * 1000))
    while :; do
        [[ $(sb_http_status "$url") == 200 ]] && return 0
        (($(sb_now_ms) >= deadline)) && return 1
        sleep 0.2
    done
}

sb_spawn() {
    local log=$1
    shift
    local launcher=()
    # Own session: a Ctrl-C in the terminal reaches only the script, which then stops the
    # children in order. (setsid forks only when it is a process-group leader, i.e. under
    # job control; then $! would not be the program's pid, so skip it there.)
    if command -v setsid >/dev/null 2>&1 && [[ $- != *m* ]]; then
        launcher=(setsid)
    fi
    "${launcher[@]}" env "$@" </dev/null >>"$log" 2>&1 &
    SB_SPAWNED_PID=$!
}

sb_redis_ping() {
    local port=$1 host=${2:-127.0.0.1} reply
    reply=$(redis-cli -h "$host" -p "$port" ping 2>/dev/null) || return 1
    [[ $reply == PONG ]]
}

sb_start_redis() {
    local port=$1 dir=$2 deadline
    mkdir -p "$dir" || return 1
    printf -- '--- %s starting redis-server on 127.0.0.1:%s\n' "$(date '+%F %T')" "$port" >>"$dir/redis.log"
    sb_spawn "$dir/redis.log" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize no --dir "$dir"
    SB_REDIS_PID=$SB_SPAWNED_PID
    printf '%s\n' "$SB_REDIS_PID" >"$dir/redis.pid"
    deadline=$(($(sb_now_ms) + 10000))
    while ! sb_redis_ping "$port"; do
        if ! sb_pid_alive "$SB_REDIS_PID"; then
            sb_log "redis-server on port $port exited; last lines of $dir/redis.log:"
            tail -n 20 "$dir/redis.log" >&2
            return 1
        fi
        if (($(sb_now_ms) >= deadline)); then
            sb_log "redis-server on port $port did not answer PING within 10 s"
            tail -n 20 "$dir/redis.log" >&2
            return 1
        fi
        sleep 0.1
    done
}

sb_pid_alive() {
    local pid=$1 stat state
    [[ -n $pid ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r /proc/$pid/stat ]]; then
        { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
        state=${stat##*) }
        state=${state%% *}
        [[ $state != Z && $state != X ]] || return 1
    fi
    return 0
}

sb_wait_exit() {
    local pid=$1 seconds=$2 deadline
    deadline=$(($(sb_now_ms) + seconds * 1000))
    while sb_pid_alive "$pid"; do
        (($(sb_now_ms) >= deadline)) && return 1
        sleep 0.1
    done
    return 0
}

sb_stop_pids() {
    local seconds=$1 pid deadline alive
    shift
    for pid in "$@"; do
        if sb_pid_alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
    done
    deadline=$(($(sb_now_ms) + seconds * 1000))
    while :; do
        alive=0
        for pid in "$@"; do
            sb_pid_alive "$pid" && alive=1
        done
        ((alive == 0)) && break
        if (($(sb_now_ms) >= deadline)); then
            for pid in "$@"; do
                if sb_pid_alive "$pid"; then
                    sb_log "pid $pid still running after ${seconds} s: SIGKILL"
                    kill -KILL "$pid" 2>/dev/null || true
                fi
            done
            break
        fi
        sleep 0.1
    done
    for pid in "$@"; do
        wait "$pid" 2>/dev/null || true
    done
    return 0
}
