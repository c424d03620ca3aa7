#!/usr/bin/env bash
# The vector-backed properties of `ws fuzz` (Spec/properties.md, WS-PROP-VECTOR-*): they find Vectors/ from the
# package root, take --vectors DIR from anywhere, replay by seed, and fail loudly (exit 1, a warning naming what is
# missing) when there are no vectors. Usage: .ci/fuzz_vectors.sh [path/to/ws] (default: a release build).
set -euo pipefail
ws=${1:-}
[ -z "$ws" ] || ws=$(cd "$(dirname "$ws")" && pwd)/$(basename "$ws")
cd "$(dirname "$0")/.."
root=$(pwd)
if [ -z "$ws" ]; then
    swift build -c release --product ws
    ws="$root/.build/release/ws"
fi
vector_properties=(vector-sha1-streamed vector-base64-streamed vector-frames-chunked vector-frames-bit-flip
    vector-permessage-deflate-chunked vector-permessage-deflate-roundtrip)

listed=$("$ws" fuzz --list)
for p in "${vector_properties[@]}"; do
    grep -q "^$p " <<<"$listed" || { echo "fuzz_vectors: $p missing from ws fuzz --list" >&2; exit 1; }
done

# From the package root, several fixed seeds, every vector property, more iterations than the tests run.
for seed in 1 6455 20261204 18446744073709551615; do
    for p in "${vector_properties[@]}"; do
        "$ws" fuzz --seed "$seed" --property "$p" --iterations 3000
    done
done

# From elsewhere with --vectors DIR: the same result.
(cd /tmp && "$ws" fuzz --seed 7 --property vector-frames-bit-flip --iterations 500 --vectors "$root/Vectors")

# From elsewhere without vectors: a warning, failures naming the folder, exit status 1.
set +e
out=$(cd / && "$ws" fuzz --seed 7 --property vector-frames-chunked --iterations 5 2>&1)
status=$?
set -e
if [ "$status" -ne 1 ] || ! grep -q "WARNING: test vectors missing" <<<"$out" || ! grep -q "no RFC 6455 frame vectors" <<<"$out"; then
    echo "fuzz_vectors: without Vectors/ ws fuzz exited $status and said:" >&2
    echo "$out" >&2
    exit 1
fi
echo "fuzz_vectors: ok"
