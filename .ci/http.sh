#!/usr/bin/env bash
# Plain HTTP beside WebSocket with a real client: curl against `ws serve --static DIR`: files, containment,
# keep-alive, bodies (Content-Length and chunked) and the statuses for bad input (Spec/http-server.md).
#   .ci/http.sh WS_BINARY
set -euo pipefail
ws="$1"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/site/sub"
echo '<h1>static</h1>' > "$work/site/index.html"
echo 'body{}' > "$work/site/style.css"
echo 'root:x:0:0' > "$work/outside.txt"
ln -s ../outside.txt "$work/site/out"
head -c 1100000 /dev/zero > "$work/big.bin"
head -c 5000 /dev/zero > "$work/small.bin"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ws" serve --host 127.0.0.1 --port "$port" --static "$work/site" --quiet &
server=$!
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
failures=0
check() {
    local expected="$1" what="$2"; shift 2
    local got
    got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$@" || true)
    if [ "$got" = "$expected" ]; then echo "http: ok   $expected $what"; else echo "http: FAIL $what: $got, expected $expected"; failures=$((failures + 1)); fi
}
check 200 "GET / serves index.html" "$base/"
check 200 "GET /style.css" "$base/style.css"
check 404 "a missing file" "$base/nope.html"
check 403 "/../ (sent as is)" --path-as-is "$base/../outside.txt"
check 403 "/%2e%2e/" --path-as-is "$base/%2e%2e/outside.txt"
check 403 "/sub/..%2f..%2f" --path-as-is "$base/sub/..%2f..%2foutside.txt"
check 404 "a symbolic link out of the directory" "$base/out"
check 405 "POST to a static path" -X POST --data-binary @"$work/small.bin" "$base/"
check 405 "a chunked POST, read whole, then refused by method" -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$work/small.bin" "$base/"
check 413 "a body over the 1 MiB limit" -X POST --data-binary @"$work/big.bin" "$base/"
check 411 "a POST without a length" -X POST -H 'Content-Length:' -H 'Transfer-Encoding:' "$base/"
check 400 "Transfer-Encoding and Content-Length together" -X POST -H 'Transfer-Encoding: chunked' -H 'Content-Length: 5' --data-binary @"$work/small.bin" "$base/"
check 501 "an unsupported transfer coding" -X POST -H 'Transfer-Encoding: gzip, chunked' --data-binary @"$work/small.bin" "$base/"
check 431 "a head over 16 KiB" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$base/"
# Keep-alive: curl reuses one connection for several URLs.
reused=$(curl -sv "$base/" "$base/style.css" "$base/" -o /dev/null -o /dev/null -o /dev/null 2>&1 | grep -ciE 're-?using existing' || true)
if [ "$reused" -ge 2 ]; then echo "http: ok   keep-alive: curl reused the connection $reused times"; else echo "http: FAIL keep-alive: reused $reused times"; failures=$((failures + 1)); fi
[ "$failures" = 0 ] || { echo "http: $failures failures"; exit 1; }
echo "http: all checks passed"
