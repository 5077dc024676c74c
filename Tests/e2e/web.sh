#!/usr/bin/env bash
# End-to-end test of the web UI in headless Chromium, through the real executables: the gateway
# serves the pages; on the talk page a fake microphone speaks a request (synthesised with Flite)
# that is recognised and answered in speech, typed text is answered and interrupts the agent's
# audio; the dashboard opened on that session shows its transcript (replayed, then live), the
# active agent, tool calls, hand-offs and the per-turn latency chart. Screenshots of both pages go
# to $SB_ARTIFACTS_DIR (default .artifacts/web).
# Needs chromium, chromium-driver, python3-selenium (Debian's, for /usr/bin/python3) and flite.
# Ends with "e2e-web: N passed, M failed"; exit status 1 if any check failed.
# Functions below are called indirectly (traps, CLEANUPS).
# shellcheck disable=SC2317
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=web
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway media agents metrics
missing=()
for command in chromium chromedriver flite; do
    command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done
/usr/bin/python3 -c 'import selenium' 2>/dev/null || missing+=("python3-selenium")
if ((${#missing[@]} > 0)); then
    not_ok "browser test tools present (missing: ${missing[*]}; scripts/test installs them)"
    exit 1
fi
ok "browser test tools present (chromium $(chromium --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1))"

allocate_ports redis agents metrics media-1 gateway
start_stack

# --- the pages and their modules, with the types a browser insists on ---------------------------
for page in "/ index.html" "/talk talk.html"; do
    http_get "$(url gateway "${page%% *}")"
    [[ $HTTP_STATUS == 200 && $HTTP_CT == text/html* && $HTTP_BODY == "$(cat "$ROOT/web/${page#* }")" ]]
    report $? "GET ${page%% *} serves web/${page#* } as text/html (got $HTTP_STATUS, $HTTP_CT)"
done
bad=()
for file in "$ROOT"/web/assets/*; do
    name=${file##*/}
    http_get "$(url gateway "/assets/$name")"
    case $name in
        *.js) want=text/javascript ;;
        *.css) want=text/css ;;
        *) want="" ;;
    esac
    [[ $HTTP_STATUS == 200 && $HTTP_CT == "$want"* ]] || bad+=("$name: $HTTP_STATUS $HTTP_CT")
done
((${#bad[@]} == 0))
report $? "every file of web/assets is served at /assets/<name> with its type${bad:+ (${bad[*]})}"
http_get "$(url gateway /assets/..%2Findex.html)"
[[ $HTTP_STATUS == 404 ]]
report $? "/assets/ names nothing outside web/assets (got $HTTP_STATUS)"

gateway_ready() {
    http_get "$(url gateway /api/v1/readiness)" 3
    [[ $HTTP_STATUS == 200 && $(body_jq .status) == ready ]]
}
poll_until 30 0.5 gateway_ready
report $? "readiness is 'ready' before the browser starts"

# --- the browser ----------------------------------------------------------------------------------
ARTIFACTS=${SB_ARTIFACTS_DIR:-$ROOT/.artifacts/web}
BROWSER_WORK=$WORK/browser
mkdir -p "$ARTIFACTS" "$BROWSER_WORK"

# Chromium runs under a chromedriver the driver starts in its own process group; whatever
# survives the driver (killed, or crashed) is killed here: that group, then anything still using
# this test's browser profile.
stop_browser() {
    local pgid pids
    if [[ -f $BROWSER_WORK/chromedriver.pgid ]]; then
        pgid=$(<"$BROWSER_WORK/chromedriver.pgid")
        [[ $pgid =~ ^[0-9]+$ ]] && kill -KILL -- "-$pgid" 2>/dev/null
    fi
    pids=$(pgrep -f -- "$BROWSER_WORK/chrome-profile" 2>/dev/null) || return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null
    return 0
}
CLEANUPS+=(stop_browser)

# The driver prints "ok - …", "not ok - …" and "# …" lines; they are counted here as they come.
exec 3< <(exec /usr/bin/python3 -u "$ROOT/Tests/web/browser_test.py" --url "$(url gateway "")" \
    --work "$BROWSER_WORK" --artifacts "$ARTIFACTS" 2>&1)
DRIVER_PID=$!
ALL_PIDS+=("$DRIVER_PID")
driver_failures=0
while IFS= read -r line <&3; do
    case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "not ok - "*)
            not_ok "${line#not ok - }"
            driver_failures=$((driver_failures + 1))
            ;;
        "#"*) echo "$line" ;;
        *) diag "$line" ;;
    esac
done
exec 3<&-
exit_status "$DRIVER_PID"
if ((EXIT_STATUS != 0 && driver_failures == 0)); then
    not_ok "the browser driver exits cleanly (status $EXIT_STATUS)"
fi
stop_browser
no_browser_left() { ! pgrep -f -- "$BROWSER_WORK/chrome-profile" >/dev/null 2>&1; }
poll_until 5 0.2 no_browser_left
report $? "no Chromium process is left running"
