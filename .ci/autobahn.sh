#!/usr/bin/env bash
# Runs the Autobahn|Testsuite (../shared/autobahn) against `ws serve` (server suite) and `ws echo-client`
# (client suite) and fails when any case's verdict differs from the one checked in under Vectors/autobahn/
# (server-CONFIG.txt and client-CONFIG.txt), naming each such case; see Vectors/autobahn/README.md.
#   .ci/autobahn.sh WS_BINARY OUTDIR [CASES] [EXCLUDE] [CONFIG]
# CONFIG: plain (default: cases 1-7, 9, 10) or deflate (12.*, 13.*). A run of a subset of CONFIG's cases compares
# that subset. AUTOBAHN_WRITE_EXPECTED=1 rewrites the expectation files from this run instead of comparing.
set -euo pipefail
ws="$1"; out="$2"; cases="${3:-*}"; exclude="${4-12.*,13.*}"  # an explicit "" excludes nothing
config="${5:-plain}"
here="$(cd "$(dirname "$0")" && pwd)"
vectors="$(cd "$here/../Vectors/autobahn" && pwd)"
[ -f "$vectors/server-$config.txt" ] || [ "${AUTOBAHN_WRITE_EXPECTED:-0}" = 1 ] \
    || { echo "autobahn: no expectation $vectors/server-$config.txt for configuration '$config'" >&2; exit 2; }
# Compares (or, with AUTOBAHN_WRITE_EXPECTED=1, writes) the verdicts of one suite: check REPORT_DIR ROLE
check() {
    local mode=()
    [ "${AUTOBAHN_WRITE_EXPECTED:-0}" = 1 ] && mode=(--write)
    python3 "$here/autobahn_verdicts.py" "$1" --expect "$vectors/$2-$config.txt" --cases "$cases" --exclude "$exclude" \
        "${mode[@]}"
}
autobahn="$(cd "$here/../../shared/autobahn" 2>/dev/null && pwd || true)"
[ -n "$autobahn" ] || { echo "autobahn: ../shared/autobahn not found" >&2; exit 2; }
"$autobahn/setup.sh" >/dev/null
mkdir -p "$out"
out="$(cd "$out" && pwd)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- server suite -------------------------------------------------------------------------------
port=$(free_port)
"$ws" serve --host 127.0.0.1 --port "$port" --quiet > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
start=$(date +%s)
EXCLUDE_CASES="$exclude" "$autobahn/run-server-suite.sh" 127.0.0.1 "$port" ws "$out/server" "$cases" > "$out/server-suite.log" 2>&1
kill -INT $server; wait $server || { echo "autobahn: ws serve did not exit 0 on SIGINT" >&2; exit 1; }
trap - EXIT
echo "--- Autobahn server suite (ws serve, $config): $(( $(date +%s) - start )) s"
python3 "$autobahn/summarize.py" "$out/server" --quiet || true
status=0
check "$out/server" server || status=1

# --- client suite -------------------------------------------------------------------------------
port=$(free_port)
start=$(date +%s)
EXCLUDE_CASES="$exclude" "$autobahn/run-client-suite.sh" "$port" "$out/client" "$cases" > "$out/client-suite.log" 2>&1 &
fuzz=$!
trap 'kill $fuzz 2>/dev/null || true' EXIT
"$autobahn/.venv/bin/python" "$here/autobahn_client_driver.py" "ws://127.0.0.1:$port" "$ws" > "$out/client-driver.log" 2>&1
wait $fuzz || true
trap - EXIT
echo "--- Autobahn client suite (ws echo-client, $config): $(( $(date +%s) - start )) s"
python3 "$autobahn/summarize.py" "$out/client" --quiet || true
check "$out/client" client || status=1
exit $status
