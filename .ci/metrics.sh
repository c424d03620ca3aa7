#!/usr/bin/env bash
# `ws serve`'s GET /metrics through promtool: starts `ws serve --mode broadcast` on a free port, makes traffic of
# every kind (`ws connect` with compression, Python websockets for binary and a close code, a refused handshake,
# a plain HTTP request), reads /metrics with curl and runs `promtool check metrics` on it (no lint complaint
# allowed), then checks --metrics-path and --no-metrics (Spec/metrics.md).
#   .ci/metrics.sh WS_BINARY
set -euo pipefail
ws="$1"
if ! command -v promtool >/dev/null; then
    echo "installing promtool (Debian package prometheus; its service is not started)"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus) >/dev/null
fi
promtool --version 2>&1 | sed -n 1p
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
start() {
    port=$(free_port)
    "$ws" serve --host 127.0.0.1 --port "$port" --quiet "$@" > "$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && return 0; sleep 0.1; done
    echo "ws serve did not start"; cat "$work/serve.log"; exit 1
}
stop() { kill -INT "$server"; wait "$server" || true; server=""; }
fail() { echo "metrics: FAILED: $*"; exit 1; }

start --mode broadcast
# Text (one message long enough to be compressed) into room "a", through ws connect.
{ echo "hello"; printf 'compressible %.0s' $(seq 200); echo; } | "$ws" connect "ws://127.0.0.1:$port/room/a" > "$work/connect.out" 2>/dev/null
# Binary, a ping and a close with an application code into a room whose name needs escaping; a refused handshake.
python3 - "$port" <<'PY'
import sys
from urllib.parse import quote
from websockets.sync.client import connect
from websockets.exceptions import InvalidStatus
port = sys.argv[1]
with connect(f"ws://127.0.0.1:{port}/room/" + quote('we\\ird "room"')) as ws:
    ws.send(b"\x01\x02\x03")
    assert ws.recv(timeout=10) == b"\x01\x02\x03"
    ws.ping(b"p").wait(timeout=10)
    ws.close(code=4001, reason="done")
try:
    connect(f"ws://127.0.0.1:{port}/elsewhere").close()
    sys.exit("an upgrade without a room was accepted")
except InvalidStatus as error:
    assert error.response.status_code == 400, error
PY
curl -s -o /dev/null "http://127.0.0.1:$port/"
curl -s -D "$work/headers" -o "$work/metrics.txt" "http://127.0.0.1:$port/metrics"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$work/headers" || fail "content type: $(cat "$work/headers")"
# Each sample at least this value (a sample is its name and labels, exactly as written).
at_least() {
    # Through the environment: awk -v would undo the backslash escapes of label values.
    SAMPLE="$1" MINIMUM="$2" awk '
        substr($0, 1, length(ENVIRON["SAMPLE"]) + 1) == ENVIRON["SAMPLE"] " " { found = 1; if ($NF + 0 >= ENVIRON["MINIMUM"] + 0) ok = 1 }
        END { exit !(found && ok) }' "$work/metrics.txt" || fail "$1 is not at least $2"
}
at_least 'websocket_messages_received_total{type="text"}' 2
at_least 'websocket_messages_received_total{type="binary"}' 1
at_least 'websocket_deflate_messages_received_total' 1
at_least 'websocket_close_frames_received_total{code="4001"}' 1
at_least 'websocket_control_frames_received_total{type="ping"}' 1
at_least 'websocket_handshakes_total{outcome="rejected",reason="application-400"}' 1
at_least 'websocket_handshakes_total{outcome="http",reason="http-200"}' 1
at_least 'websocket_hub_deliveries_total{room="we\\ird \"room\""}' 1
at_least 'websocket_event_loop_lag_seconds_count{loop="0"}' 0
promtool check metrics < "$work/metrics.txt" > "$work/promtool.out" 2>&1 || { cat "$work/promtool.out"; fail "promtool check metrics"; }
[ ! -s "$work/promtool.out" ] || { cat "$work/promtool.out"; fail "promtool complained"; }
echo "metrics: /metrics after traffic of every kind ($(grep -c '^websocket_' "$work/metrics.txt") samples): promtool check metrics ok"
stop

start --metrics-path /internal/metrics
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/internal/metrics")" = 200 ] || fail "--metrics-path"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")" = 426 ] || fail "/metrics with --metrics-path"
stop
start --no-metrics
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")" = 426 ] || fail "--no-metrics"
stop
echo "metrics: --metrics-path and --no-metrics ok"
