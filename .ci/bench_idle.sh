#!/usr/bin/env bash
# ws bench idle: the server's memory per idle connection and whether every connection still echoes, at 100,000
# connections. Not part of .ci/run.
#
#   .ci/bench_idle.sh                    (DURATION=60 by default; CONNECTIONS=100000)
#   DURATION=10 CONNECTIONS=20000 .ci/bench_idle.sh
# Every connection costs a descriptor in the server and one in the client. The soft limit is raised to the hard
# limit here (ulimit -n) for the servers, and `ws bench idle` raises its own; neither can pass the hard limit
# (`ulimit -Hn`) without CAP_SYS_RESOURCE. When one process cannot hold them all, the connections are sharded:
# P `ws serve --reuse-port` processes share the port (Linux spreads connections among them by a hash of their
# addresses) and P `ws bench idle` clients open N/P each, from 127.0.0.1-127.0.0.8 (each source address has its own
# ephemeral ports). This script reads the servers' summed RSS before the clients start and once every client has
# all its connections open (the clients wait --settle seconds before their traffic), so the memory per idle
# connection covers all N; each client then sends one message per connection per second for DURATION seconds and
# checks every echo, and the script adds their counts and reports the worst client's p99.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-60}
total=${CONNECTIONS:-100000}
sources=${SOURCES:-8}
(cd "$root" && swift build -c release --product ws >/dev/null)
ws="$root/.build/release/ws"
ulimit -n "$(ulimit -Hn)"
hard=$(ulimit -Hn)
# Leave room for the descriptors each process needs beside its connections (ws bench idle reserves 64) and for
# the kernel's uneven spread over the servers.
per=${PER_PROCESS:-$(( hard - 1000 ))}
processes=$(( (total + per - 1) / per ))
echo "== $total connections; open-file hard limit $hard per process: $processes server and $processes client process(es); ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range); $(nproc) CPUs"
tmp=$(mktemp -d)
servers=()
clients=()
cleanup() {
    for pid in "${clients[@]}" "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
wait_port() { for _ in $(seq 500); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
rss() { local sum=0 pid; for pid in "${servers[@]}"; do sum=$(( sum + $(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$pid/status") )); done; echo "$sum"; }
reuse=()
(( processes > 1 )) && reuse=(--reuse-port)
for i in $(seq "$processes"); do
    # The servers' defaults (keepalive every 20 s included), one event loop per CPU each.
    "$ws" serve --host 127.0.0.1 --port "$port" --quiet "${reuse[@]}" >"$tmp/serve-$i.log" 2>&1 &
    servers+=($!)
done
wait_port "$port"
sleep 1
before=$(rss)
settle=$(( 30 + total / 5000 ))
for i in $(seq "$processes"); do
    n=$(( total / processes + (i <= total % processes ? 1 : 0) ))
    "$ws" bench idle --url "ws://127.0.0.1:$port/" --connections "$n" --sources "$sources" --duration "$duration" \
        --settle "$settle" >"$tmp/client-$i.log" 2>&1 &
    clients+=($!)
done
start=$(date +%s)
opened=0
while (( opened < processes )); do
    opened=$(cat "$tmp"/client-*.log | grep -c "connections open in" || true)
    failed=$(grep -l "connect(s) failed\|ws bench idle:" "$tmp"/client-*.log 2>/dev/null || true)
    if [[ -n "$failed" ]]; then echo "== a client failed:"; cat $failed; exit 1; fi
    if (( $(date +%s) - start > settle - 5 )); then echo "== the clients did not open every connection within $((settle - 5)) s"; cat "$tmp"/client-*.log; exit 1; fi
    sleep 0.5
done
opened_in=$(( $(date +%s) - start ))
sleep 3
idle=$(rss)
echo "== all $total connections open in ~${opened_in} s; servers' RSS $((before / 1024)) KiB before, $((idle / 1024)) KiB with them idle: $(( (idle - before) / total )) B per idle connection"
for i in $(seq "$processes"); do echo "   server $i: $(ls "/proc/${servers[$((i - 1))]}/fd" | wc -l) descriptors"; done
status=0
for pid in "${clients[@]}"; do wait "$pid" || status=1; done
clients=()
after=$(rss)
echo "== servers' RSS after the traffic $((after / 1024)) KiB"
grep -h "s at one message per connection" "$tmp"/client-*.log | sed 's/^/   /'
python3 - "$tmp" <<'PY'
import glob, re, sys
totals = dict(sent=0, echoed=0, missing=0, wrong=0, failures=0, lost=0)
p50, p99, worst = [], [], 0.0
for path in sorted(glob.glob(sys.argv[1] + "/client-*.log")):
    text = open(path).read()
    m = re.search(r"(\d+) sent .*?, (\d+) echoed, (\d+) missing, (\d+) wrong, (\d+) send failures, (\d+) connections lost; latency p50 (\d+) us, p99 (\d+) us, max (\d+) us", text)
    if not m:
        print("== no result in", path); print(text[-2000:]); sys.exit(1)
    values = list(map(int, m.groups()))
    for key, value in zip(totals, values[:6]): totals[key] += value
    p50.append(values[6]); p99.append(values[7]); worst = max(worst, values[8])
print(f"== {len(p99)} clients together: {totals['sent']} sent, {totals['echoed']} echoed, {totals['missing']} missing, "
      f"{totals['wrong']} wrong, {totals['failures']} send failures, {totals['lost']} connections lost; "
      f"p50 {min(p50)}-{max(p50)} us, p99 {min(p99)}-{max(p99)} us across the clients (worst p99 {max(p99)} us), max {worst:.0f} us")
PY
grep -h "idle: PASS\|idle: FAIL" "$tmp"/client-*.log | sort | uniq -c
exit $status
