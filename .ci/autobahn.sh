#!/usr/bin/env bash
# Runs the Autobahn|Testsuite (../shared/autobahn) against `ws serve` (server suite) and `ws echo-client`
# (client suite) and fails on any FAILED or UNIMPLEMENTED case.
#   .ci/autobahn.sh WS_BINARY OUTDIR [CASES] [EXCLUDE]
set -euo pipefail
ws="$1"; out="$2"; cases="${3:-*}"; exclude="${4-12.*,13.*}"  # an explicit "" excludes nothing
here="$(cd "$(dirname "$0")" && pwd)"
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
EXCLUDE_CASES="$exclude" "$autobahn/run-server-suite.sh" 127.0.0.1 "$port" ws "$out/server" "$cases" > "$out/server-suite.log" 2>&1
kill -INT $server; wait $server || { echo "autobahn: ws serve did not exit 0 on SIGINT" >&2; exit 1; }
trap - EXIT
echo "--- Autobahn server suite (ws serve)"
python3 "$autobahn/summarize.py" "$out/server" --quiet || true
status=0
python3 "$here/autobahn_verdicts.py" "$out/server" || status=1

# --- client suite -------------------------------------------------------------------------------
port=$(free_port)
EXCLUDE_CASES="$exclude" "$autobahn/run-client-suite.sh" "$port" "$out/client" "$cases" > "$out/client-suite.log" 2>&1 &
fuzz=$!
trap 'kill $fuzz 2>/dev/null || true' EXIT
"$autobahn/.venv/bin/python" "$here/autobahn_client_driver.py" "ws://127.0.0.1:$port" "$ws" > "$out/client-driver.log" 2>&1
wait $fuzz || true
trap - EXIT
echo "--- Autobahn client suite (ws echo-client)"
python3 "$autobahn/summarize.py" "$out/client" --quiet || true
python3 "$here/autobahn_verdicts.py" "$out/client" || status=1
exit $status
