#!/usr/bin/env bash
# Fan-out on one node against two peers, in the same run: `ws serve --mode broadcast`, Python `websockets`
# (its broadcast(), .ci/bench/fanout_websockets.py) and Node `ws` (a loop over the room's clients,
# .ci/bench/fanout_node_ws.js), each driven by `ws bench fanout` (one publisher, 1,000 and 10,000 subscribers,
# 64 B and 4 KiB binary messages). A benchmark, not a check: not called from .ci/run.
#
#   .ci/bench_fanout_peers.sh                     (needs python3 with websockets, node and node-ws: apt-get install node-ws)
#   REPEAT=3 DURATION=5 .ci/bench_fanout_peers.sh
#   LADDERS="1000x64=50,100,200 10000x64=5,10,20" .ci/bench_fanout_peers.sh
#
# One server at a time on CPU 0 (taskset; ws serve then runs one event loop), the load generator on CPU 1 (one
# loop). Each cell prints deliveries/s, missing deliveries, publish-to-deliver p50/p99, the server's CPU per
# delivery (user + system time of its PID, from /proc), deliveries per server-CPU-second ("per core" = 1e6 / µs
# per delivery) and how busy the server was (deliveries/s × CPU per delivery, in cores; above 1.0 the server was
# behind and kept working after the publisher stopped, until the bench's drain ended); the table gives
# the median of REPEAT runs and ws against the faster peer per core.
#
# Rates: each server runs at its own highest publication rate with no missing delivery. A fixed rate for all three
# would measure mostly the kernel: on loopback a send(2) runs the receiver's TCP path and wakes its thread in the
# sender's context, and at a rate the slowest peer (Python) sustains, every server makes one send per delivery to
# an idle receiver, so CPU per delivery is then dominated by that wake-up (and ws's per-pass batching of several
# publications into one write per subscriber never comes into play). "Deliveries per second per core" is a
# capacity, so it is measured at each server's capacity: round 1 climbs LADDERS (publications/s, doubling) until
# a run misses deliveries, then tries 0.7 × that rate once; the highest clean rate is the server's rate for the
# cell, and REPEAT-1 more runs follow at it. The load generator (one core) can be the limit before ws is: the
# "busy" column shows it (a server well below 1.0 at its top rung was not saturated, and its per-core figure is a
# lower bound).
#
# The file limit: 10,000 subscribers need about 10,000 descriptors in the load generator and in the server
# (separate processes); the soft limit is raised to the hard one here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repeat=${REPEAT:-2}
duration=${DURATION:-3}
ladders=${LADDERS:-"1000x64=50,100,200,400,800,1600 1000x4096=30,60,120,240,480,960 10000x64=5,10,20,40,80,160 10000x4096=3,6,12,24,48,96"}
python=${PYTHON:-python3}
ulimit -n "$(ulimit -Hn)"
"$python" -c 'import websockets' 2>/dev/null || { echo "bench_fanout_peers: $python lacks websockets (pip install websockets)" >&2; exit 1; }
command -v node >/dev/null && [ -d /usr/share/nodejs/ws ] || { echo "bench_fanout_peers: node and node-ws are required (apt-get install nodejs node-ws)" >&2; exit 1; }
(cd "$root" && swift build -c release --product ws >/dev/null)
ws="$root/.build/release/ws"
tmp=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
wait_port() { for _ in $(seq 500); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.01; done; return 1; }

start() {  # start NAME: the server on CPU 0; its PID in $server
    case "$1" in
        ws) taskset -c 0 "$ws" serve --mode broadcast --port "$port" --quiet --no-keepalive --no-deflate >"$tmp/server.log" 2>&1 & ;;
        websockets) taskset -c 0 "$python" "$root/.ci/bench/fanout_websockets.py" "$port" >"$tmp/server.log" 2>&1 & ;;
        node-ws) NODE_PATH=/usr/share/nodejs taskset -c 0 node "$root/.ci/bench/fanout_node_ws.js" "$port" >"$tmp/server.log" 2>&1 & ;;
    esac
    server=$!
    wait_port
}
stop() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; }

results="$tmp/results"
run() {  # run NAME SUBSCRIBERS SIZE RATE: one run; prints its missing count, appends its line to $results
    local line missing
    start "$1"
    line=$(taskset -c 1 "$ws" bench fanout --url "ws://127.0.0.1:$port/room/bench" --threads 1 \
        --subscribers "$2" --size "$3" --rate "$4" --duration "$duration" --server-pid "$server" 2>&1 | tail -1) || true
    stop
    echo "$1 @ $4/s: $line" >&2
    missing=$(sed -n 's/.* \([0-9-]*\) missing.*/\1/p' <<<"$line")
    echo "$1 $2 $3 $4 $line" >>"$results"
    echo "${missing:-failed}"
}
for cell in $ladders; do
    subscribers=${cell%%x*}; rest=${cell#*x}; size=${rest%%=*}; ladder=${cell#*=}
    echo "== $subscribers subscribers x $size B"
    for name in ws websockets node-ws; do
        best=""
        for rate in ${ladder//,/ }; do
            if [ "$(run "$name" "$subscribers" "$size" "$rate")" = 0 ]; then best=$rate; continue; fi
            lower=$(( rate * 7 / 10 ))
            if [ -n "$best" ] && [ "$lower" -gt "$best" ] && [ "$(run "$name" "$subscribers" "$size" "$lower")" = 0 ]; then best=$lower; fi
            break
        done
        [ -n "$best" ] || { echo "$name: no clean rate on the ladder ($ladder)"; continue; }
        for _ in $(seq 2 "$repeat"); do run "$name" "$subscribers" "$size" "$best" >/dev/null; done
        echo "$name $subscribers $size $best" >>"$tmp/chosen"
    done
done

python3 - "$results" "$tmp/chosen" <<'PY'
import re, statistics, sys
pattern = re.compile(r"([\d.]+) deliveries/s, (-?\d+) missing, p50 ([\d.]+) us, p99 ([\d.]+) us, server CPU [\d.]+ s = ([\d.]+) us/delivery")
chosen = set()
for line in open(sys.argv[2]):
    name, subscribers, size, rate = line.split()
    chosen.add((name, int(subscribers), int(size), int(rate)))
cells = {}
for line in open(sys.argv[1]):
    name, subscribers, size, rate, rest = line.split(" ", 4)
    key = (name, int(subscribers), int(size), int(rate))
    match = pattern.search(rest)
    if key not in chosen or not match:
        continue
    cells.setdefault(key[1:3], {})[name] = cells.get(key[1:3], {}).get(name, []) + [[key[3]] + [float(v) for v in match.groups()]]

def median(runs, index):
    return statistics.median(run[index] for run in runs)

print()
print("| subscribers × size | server | publications/s | deliveries/s | missing | p50 / p99 ms | CPU µs/delivery | deliveries per CPU-s | busy |")
print("|---|---|---|---|---|---|---|---|---|")
summary = []
for (subscribers, size), servers in sorted(cells.items()):
    per_core = {}
    for name in ("ws", "websockets", "node-ws"):
        runs = servers.get(name)
        if not runs:
            continue
        cpu = median(runs, 5)
        per_core[name] = 1e6 / cpu if cpu > 0 else float("nan")
        print(f"| {subscribers:,} × {size} B | {name} | {runs[0][0]} | {median(runs, 1):,.0f} | {max(r[2] for r in runs):.0f} | "
              f"{median(runs, 3) / 1000:,.1f} / {median(runs, 4) / 1000:,.1f} | {cpu:.2f} | {per_core[name]:,.0f} | "
              f"{median(runs, 1) * cpu / 1e6:.2f} |")
    peers = {k: v for k, v in per_core.items() if k != "ws"}
    if "ws" in per_core and peers:
        best = max(peers, key=peers.get)
        summary.append((subscribers, size, best, per_core["ws"] / peers[best]))
print()
print("| subscribers × size | faster peer | ws vs it (deliveries per server-CPU-second) |")
print("|---|---|---|")
for subscribers, size, best, ratio in summary:
    print(f"| {subscribers:,} × {size} B | {best} | {ratio:.2f}× |")
PY
