#!/usr/bin/env bash
# ws bench fanout: one publisher, subscribers on one node and spread over three nodes joined by Redis, 64 B and
# 4 KiB, with the anchors measured in the same run: the single-node hub without Redis, and redis-benchmark's
# PUBLISH rate (the engine's own ceiling). Also a node's publish path: how many publications/s one node hands to
# Redis (its /stats counters) against redis-benchmark's rate on one pipelined connection.
#
#   .ci/bench_fanout.sh            (needs redis-server and redis-benchmark: apt-get install redis-server)
#   SUBSCRIBERS=1000 RATE=100 LATENCY_RATE=10000 DURATION=5 .ci/bench_fanout.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
subscribers=${SUBSCRIBERS:-1000}
rate=${RATE:-100}
latency_rate=${LATENCY_RATE:-10000}
duration=${DURATION:-5}
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
    echo "bench_fanout: redis-server and redis-benchmark are required (apt-get install redis-server)" >&2; exit 1; }
(cd "$root" && swift build -c release --product ws >/dev/null)
ws="$root/.build/release/ws"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 500); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
stat_field() { python3 -c "import json,sys,urllib.request; s=json.load(urllib.request.urlopen('http://127.0.0.1:$1/stats')); print(s['backplane']['$2'])"; }

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" >"$tmp/redis.log" &
pids+=($!)
wait_port "$rport"

# start_node NAME [--redis URL ...]: prints the node's port; its PID is the last of pids.
node_ports=()
node_pids=()
start_node() {
    local port; port=$(free_port)
    "$ws" serve --mode broadcast --port "$port" --quiet --no-keepalive "$@" >"$tmp/node-$port.log" 2>&1 &
    pids+=($!)
    node_pids+=($!)
    node_ports+=("$port")
    wait_port "$port"
}
stop_nodes() { for p in "${node_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; node_pids=(); node_ports=(); }
fanout() {  # fanout SUBSCRIBERS SIZE RATE
    local args=() p
    for p in "${node_ports[@]}"; do args+=(--url "ws://127.0.0.1:$p/room/bench"); done
    for p in "${node_pids[@]}"; do args+=(--server-pid "$p"); done
    "$ws" bench fanout "${args[@]}" --subscribers "$1" --size "$2" --rate "$3" --duration "$duration" || true
}

echo "== anchor: redis-benchmark PUBLISH, 64 B (50 clients; 1 client pipelining 16)"
payload=$(head -c 64 /dev/zero | tr '\0' x)
redis-benchmark -p "$rport" -q -n 200000 PUBLISH bench "$payload" | tr '\r' '\n' | tail -1
redis-benchmark -p "$rport" -q -n 200000 -c 1 -P 16 PUBLISH bench "$payload" | tr '\r' '\n' | tail -1

for size in 64 4096; do
    echo "== $size B: single node, in-process hub (anchor)"
    start_node; fanout "$subscribers" "$size" "$rate"; stop_nodes
    echo "== $size B: one node on Redis"
    start_node --redis "redis://127.0.0.1:$rport" --node-id a; fanout "$subscribers" "$size" "$rate"; stop_nodes
    echo "== $size B: three nodes on Redis"
    for n in a b c; do start_node --redis "redis://127.0.0.1:$rport" --node-id "$n"; done
    fanout "$subscribers" "$size" "$rate"
    echo "== $size B: three nodes on Redis, cross-node latency at $latency_rate publications/s (30 subscribers)"
    fanout 30 "$size" "$latency_rate"
    stop_nodes
done

echo "== a node's publish path: publications/s handed to Redis (1 subscriber, publisher as fast as the rate allows)"
start_node --redis "redis://127.0.0.1:$rport" --node-id a
before=$(stat_field "${node_ports[0]}" sent); dropped_before=$(stat_field "${node_ports[0]}" dropped)
start=$(date +%s.%N)
"$ws" bench fanout --url "ws://127.0.0.1:${node_ports[0]}/room/bench" --subscribers 1 --size 64 --rate 200000 --duration 2 || true
end=$(date +%s.%N)
after=$(stat_field "${node_ports[0]}" sent); dropped_after=$(stat_field "${node_ports[0]}" dropped)
python3 -c "print('node publish path: %.0f PUBLISH/s sent to Redis, %d dropped' % (($after - $before) / ($end - $start - 1), $dropped_after - $dropped_before))"
stop_nodes
