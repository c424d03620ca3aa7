#!/usr/bin/env bash
# Server CPU per TLS handshake: ws serve over wss, openssl s_server (the ceiling: OpenSSL's own server, nothing
# else to do) and Python websockets over wss, with the same certificate, driven by the same client in one run; and
# the floor: .ci/bench/tls_floor.c, a server doing nothing but OpenSSL's handshake one connection at a time, with
# no session tickets (as ws serve) and with OpenSSL's default two (as Python websockets): what OpenSSL and the
# kernel cost every server for the same handshake.
#   .ci/bench_tls_handshake.sh WS_BINARY [PYTHON] [SECONDS]   (ws built -c release --traits TLS; PYTHON has websockets)
# Each server runs alone on CPU 0; `openssl s_time -new` (full handshakes, one at a time, then close) on CPU 1.
# The server's CPU (user + system, /proc/PID/stat) over the run, divided by the handshakes s_time completed, is
# what one handshake costs the server; the load generator's speed does not enter it.
set -euo pipefail
ws="$1"; python="${2:-python3}"; seconds="${3:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
pki="$(mktemp -d)"
server=""
trap 'rm -rf "$pki"; [ -z "$server" ] || kill $server 2>/dev/null || true' EXIT
# shellcheck source=.ci/bench_pki.sh
. "$here/bench_pki.sh"
make_bench_pki "$pki"
clang="$(dirname "$(command -v swift)")/clang"
[ -x "$clang" ] || clang="${CC:-cc}"
"$clang" -O2 -Wall -Wextra -Werror -o "$pki/tls_floor" "$here/bench/tls_floor.c" -lssl -lcrypto
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ticks=$(getconf CLK_TCK)

cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # utime + stime, in clock ticks
start() {
    taskset -c 0 "$@" > /dev/null 2>&1 &
    server=$!
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
}
stop() { kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; server=""; }

printf '%-16s %12s %14s %18s\n' server handshakes "handshakes/s" "server µs/handshake"
for target in floor-0-tickets floor-2-tickets s_server ws-tls websockets-tls; do
    case "$target" in
        floor-0-tickets) start "$pki/tls_floor" "$port" "$pki/cert.pem" "$pki/key.pem" 0 ;;
        floor-2-tickets) start "$pki/tls_floor" "$port" "$pki/cert.pem" "$pki/key.pem" 2 ;;
        s_server) start openssl s_server -accept "$port" -cert "$pki/cert.pem" -key "$pki/key.pem" -quiet -naccept 1000000 ;;
        ws-tls) start "$ws" serve --port "$port" --quiet --threads 1 --no-deflate \
                    --tls-cert "$pki/cert.pem" --tls-key "$pki/key.pem" ;;
        websockets-tls) start "$python" "$here/tls_echo_server.py" --port "$port" --cert "$pki/cert.pem" --key "$pki/key.pem" ;;
    esac
    before=$(cpu "$server")
    out=$(taskset -c 1 openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" 2>&1 || true)
    after=$(cpu "$server")
    stop
    # "N connections in T real seconds, ..." (the first summary line: new connections)
    count=$(printf '%s\n' "$out" | awk '/connections in .* real seconds/ { print $1; exit }')
    real=$(printf '%s\n' "$out" | awk '/connections in .* real seconds/ { print $4; exit }')
    if [ -z "$count" ] || [ "$count" = 0 ]; then echo "$target: s_time completed no handshake:"; printf '%s\n' "$out" | tail -5; continue; fi
    python3 -c "
count, real, cpu = $count, $real, ($after - $before) / $ticks
print(f'{\"$target\":<16} {count:>12} {count / real:>14.0f} {cpu / count * 1e6:>18.1f}')"
done
