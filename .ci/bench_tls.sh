#!/usr/bin/env bash
# wss:// against ws:// throughput and handshake rate, with Python websockets over wss in the same run.
#   .ci/bench_tls.sh WS_BINARY [PYTHON]    (ws built -c release --traits TLS; PYTHON has websockets installed)
# Servers run on CPU 0, the load generator (`ws bench`, one loop) on CPU 1, one server at a time.
set -euo pipefail
ws="$1"; python="${2:-python3}"
here="$(cd "$(dirname "$0")" && pwd)"
pki="$(mktemp -d)"
trap 'rm -rf "$pki"; kill $server 2>/dev/null || true' EXIT
server=""
# shellcheck source=.ci/bench_pki.sh
. "$here/bench_pki.sh"
make_bench_pki "$pki"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

start() {  # start SERVER COMMAND...
    taskset -c 0 "$@" > /dev/null 2>&1 &
    server=$!
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
}
stop() { kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; server=""; }
load() { taskset -c 1 "$ws" bench "$@" --port "$port" --threads 1; }

for target in "ws" "ws-tls" "websockets-tls"; do
    tls=()
    case "$target" in
        ws) start "$ws" serve --port "$port" --quiet --threads 1 --no-deflate ;;
        ws-tls) start "$ws" serve --port "$port" --quiet --threads 1 --no-deflate --tls-cert "$pki/cert.pem" --tls-key "$pki/key.pem"
                tls=(--tls --ca "$pki/ca.pem") ;;
        websockets-tls) start "$python" "$here/tls_echo_server.py" --port "$port" --cert "$pki/cert.pem" --key "$pki/key.pem"
                        tls=(--tls --ca "$pki/ca.pem") ;;
    esac
    echo "--- $target"
    load echo --connections 4 --depth 4 --size 1048576 --duration 5 "${tls[@]}"
    load echo --connections 50 --depth 16 --size 16 --duration 5 "${tls[@]}"
    load storm --count 3000 --concurrency 32 "${tls[@]}"
    stop
done
