#!/usr/bin/env bash
# The echo matrix of ../shared/bench with a floor beside the peers: .ci/bench/echo_floor.c, a single-threaded epoll
# echo server in C that does nothing per message but one read, an in-place unmask (eight bytes at a time) and one
# send (no UTF-8 check, no limits, no library). Where even the floor is not 10 % ahead of the best peer, no server
# built on one readiness wait, one read and one send per message can be: the cell is bound by the round trip, the
# kernel's loopback TCP and copies, or the load generator, not by what a library adds. A benchmark, not a check: not
# called from .ci/run.
#   .ci/bench_floor.sh [BENCH_ARGS...]     (default: --repeat 3 --storm 0 --idle '' --baseline lws --only ws,lws,picows,floor)
# Needs ../shared/bench built (./build.sh) and OpenSSL's headers (libssl-dev) for the handshake's SHA-1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/../shared/bench"
[ -x "$bench/bench.py" ] || { echo "bench_floor: $bench/bench.py not found (../shared/bench)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang="$(dirname "$(command -v swift)")/clang"
[ -x "$clang" ] || clang="${CC:-cc}"
"$clang" -O2 -Wall -Wextra -Werror -pedantic -std=c11 -o "$tmp/echo_floor" "$root/.ci/bench/echo_floor.c" -lcrypto
(cd "$root" && swift build -c release --product ws >/dev/null)
[ $# -gt 0 ] || set -- --repeat 3 --storm 0 --idle '' --baseline lws --only ws,lws,picows,floor
cd "$bench"
./bench.py --server "ws=$root/.build/release/ws serve --host 127.0.0.1 --port {port} --quiet" \
    --server "floor=$tmp/echo_floor {port}" "$@"
