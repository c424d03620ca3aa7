#!/usr/bin/env bash
# A `ws` people can copy: `swift build -c release --static-swift-stdlib` links the Swift runtime, Foundation
# (with its ICU data), Dispatch and the other toolchain libraries into the binary, so the target machine needs only
# glibc, libstdc++ and libgcc_s. On Swift 6.3.1 for Linux this needs no extra linker flags.
#   .ci/static.sh
# 1. builds `ws` in its own scratch path (.build-static), warnings in our sources are errors (the linker's note
#    about mktemp in the toolchain's static libFoundationEssentials.a is the toolchain's, not ours);
# 2. checks that neither `ldd` nor the ELF's NEEDED entries name libswift*, libFoundation*, lib_Foundation*,
#    libdispatch* or libBlocksRuntime*;
# 3. runs it: `ws help` exits 0, a seeded `ws fuzz` run (Foundation's duration formatting, so ICU), and `ws serve`
#    on a free port answers an echo from `ws connect` (with permessage-deflate) and from a raw Python socket;
# 4. prints the binary's size (and what `strip` would make it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch="$root/.build-static"
section() { printf '\n=== %s ===\n' "$*"; }

section "static: swift build -c release --static-swift-stdlib --product ws"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product ws -Xswiftc -warnings-as-errors
ws="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/ws"
[ -x "$ws" ] || { echo "static: no binary at $ws" >&2; exit 1; }

section "static: no Swift runtime among the shared libraries"
ldd "$ws"
runtime='lib(swift|Foundation|_Foundation|dispatch|BlocksRuntime)'
if ldd "$ws" | grep -E "$runtime"; then
    echo "static: $ws still loads the Swift runtime (above)" >&2
    exit 1
fi
if readelf -d "$ws" | grep NEEDED | grep -E "$runtime"; then
    echo "static: $ws names the Swift runtime in its NEEDED entries (above)" >&2
    exit 1
fi

section "static: run it"
work=$(mktemp -d)
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# From a directory outside the package (no Vectors/, no .build) with an environment that names no toolchain path.
cp "$ws" "$work/ws"
cd "$work"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work")
"${clean_env[@]}" ./ws help > help.txt
grep -q '^  serve ' help.txt || { echo "static: ws help does not list serve" >&2; cat help.txt >&2; exit 1; }
"${clean_env[@]}" ./ws fuzz --seed 42 --property frame-roundtrip --iterations 50

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${clean_env[@]}" ./ws serve --host 127.0.0.1 --port "$port" --quiet > serve.log 2>&1 &
server=$!
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echoed=$(printf 'hello from a static ws\n' | "${clean_env[@]}" timeout 20 ./ws connect "ws://127.0.0.1:$port/")
[ "$echoed" = "hello from a static ws" ] || { echo "static: ws connect got '$echoed'" >&2; cat serve.log >&2; exit 1; }
echo "ws connect: echoed '$echoed'"

# A client that is not ours: the handshake (Sec-WebSocket-Accept checked) and one masked text frame, by hand.
python3 - "$port" <<'PY'
import base64, hashlib, os, socket, sys
port = int(sys.argv[1])
key = base64.b64encode(os.urandom(16)).decode()
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("static: the server closed during the handshake")
    head += chunk
head, rest = head.split(b"\r\n\r\n", 1)
lines = head.decode().split("\r\n")
assert lines[0].startswith("HTTP/1.1 101"), lines[0]
accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
fields = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
assert fields.get("sec-websocket-accept") == accept, lines
payload = b"raw echo"
mask = os.urandom(4)
s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
data = rest
while len(data) < 2 + len(payload):
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("static: the server closed before echoing")
    data += chunk
assert data[0] == 0x81 and data[1] == len(payload) and data[2:2 + len(payload)] == payload, data
print("raw socket: echoed", payload.decode())
PY

kill -TERM "$server"
wait "$server" || { echo "static: ws serve did not exit 0 on SIGTERM" >&2; cat serve.log >&2; exit 1; }
server=""

section "static: size"
strip -o "$work/ws.stripped" "$ws"
printf '%s: %s bytes (%s MiB); stripped: %s MiB\n' "$ws" "$(stat -c %s "$ws")" \
    "$(( $(stat -c %s "$ws") >> 20 ))" "$(( $(stat -c %s "$work/ws.stripped") >> 20 ))"
echo "static: ok"
