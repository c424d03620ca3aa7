#!/usr/bin/env bash
# A real browser against `ws serve`: headless Chromium loads the demo page, whose script connects back, sends a
# text and a binary message and shows what comes back. Checks echo and broadcast modes.
#   .ci/chromium.sh WS_BINARY
set -euo pipefail
ws="$1"
if ! command -v chromium >/dev/null; then
    echo "installing chromium (Debian package)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
status=0
for mode in echo broadcast; do
    port=$(free_port)
    "$ws" serve --host 127.0.0.1 --port "$port" --mode "$mode" --quiet &
    server=$!
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
    dom=$(timeout 90 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 \
        --dump-dom "http://127.0.0.1:$port/#selftest" 2>/dev/null || true)
    kill -INT $server; wait $server || true
    ok=1
    grep -q 'connected (' <<<"$dom" || ok=0
    grep -q 'selftest é✓é✓' <<<"$dom" || ok=0
    grep -q '\[binary 3 bytes\]' <<<"$dom" || ok=0
    extensions=$(grep -oE 'connected \([^)]*\)' <<<"$dom" | head -1)
    if [ $ok = 1 ]; then echo "chromium $mode: ok, $extensions"; else echo "chromium $mode: FAILED"; echo "$dom" | tail -20; status=1; fi
done
exit $status
