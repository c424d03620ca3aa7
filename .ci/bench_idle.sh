#!/usr/bin/env bash
# ws bench idle: the server's memory per idle connection and whether every connection still echoes, with as many
# connections as this machine's open-file limit allows and 100,000 when it allows that. Not part of .ci/run.
#
#   .ci/bench_idle.sh                    (DURATION=60 by default; SOURCES=4 loopback source addresses)
#   DURATION=10 .ci/bench_idle.sh
# Both processes need a descriptor per connection: the soft limit is raised to the hard limit here (ulimit -n) for
# the server, and `ws bench idle` raises its own. Neither can go above the hard limit (`ulimit -Hn`) without root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-60}
sources=${SOURCES:-4}
(cd "$root" && swift build -c release --product ws >/dev/null)
ws="$root/.build/release/ws"
ulimit -n "$(ulimit -Hn)"
hard=$(ulimit -Hn)
# Leave room for the descriptors each process needs beside its connections (ws bench idle reserves 64).
most=$(( hard - 500 ))
echo "== open-file hard limit $hard; ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range); $(nproc) CPUs"
counts=("$most")
if (( hard >= 100000 + 500 )); then
    counts=(100000)
else
    echo "== 100,000 connections need more than $hard descriptors per process: measuring $most instead"
fi
tmp=$(mktemp -d)
server=""
cleanup() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 500); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
status=0
for n in "${counts[@]}"; do
    port=$(free_port)
    # The server's defaults (keepalive every 20 s included), one event loop per CPU.
    "$ws" serve --host 127.0.0.1 --port "$port" --quiet >"$tmp/serve.log" 2>&1 &
    server=$!
    wait_port "$port"
    echo "== ws bench idle: $n connections from $sources source addresses, $duration s of one message per connection per second"
    "$ws" bench idle --url "ws://127.0.0.1:$port/" --connections "$n" --sources "$sources" --duration "$duration" \
        --server-pid "$server" || status=1
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
exit $status
