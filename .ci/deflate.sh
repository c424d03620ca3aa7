#!/usr/bin/env bash
# permessage-deflate (RFC 7692) checks:
#   1. zlib decodes what our deflater writes (ZlibInteropTests writes the streams, zlib_check.py decodes them);
#   2. Autobahn|Testsuite cases 12.* and 13.* against `ws serve` and `ws echo-client`, every verdict as checked in
#      (Vectors/autobahn/{server,client}-deflate.txt);
#   3. Python websockets with compression on, against our server and our clients (.ci/interop_deflate.py).
#
#   .ci/deflate.sh WS_BINARY [PYTHON]
# PYTHON: a python with `websockets` installed (CI passes "$venv/bin/python"; default: .build/ci-venv, then the
# Autobahn venv in ../shared/autobahn). Environment: DEFLATE_SWIFT_TEST_FLAGS adds flags to `swift test` (e.g.
# "--scratch-path DIR"); DEFLATE_AUTOBAHN_OUT sets the report directory (default .build/autobahn-deflate).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 1 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
ws="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -x "$ws" ] || { echo "deflate.sh: $1 is not an executable" >&2; exit 2; }
python="${2:-}"
if [ -z "$python" ]; then
    for candidate in "$root/.build/ci-venv/bin/python" "$root/../shared/autobahn/.venv/bin/python"; do
        if [ -x "$candidate" ] && "$candidate" -c 'import websockets' 2>/dev/null; then python="$candidate"; break; fi
    done
fi
[ -n "$python" ] || { echo "deflate.sh: no python with websockets (pass one as the second argument)" >&2; exit 2; }

section() { printf '\n=== %s ===\n' "$*"; }
status=0

section "permessage-deflate 1/3: zlib decodes our deflater's streams"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
DEFLATE_ZLIB_CHECK_OUTPUT="$work/ours.json" swift test ${DEFLATE_SWIFT_TEST_FLAGS:-} --filter ZlibInteropTests
python3 Tests/WebSocketDeflateTests/zlib_check.py "$work/ours.json" || status=1

section "permessage-deflate 2/3: Autobahn|Testsuite 12.* and 13.* (server and client)"
start=$(date +%s)
.ci/autobahn.sh "$ws" "${DEFLATE_AUTOBAHN_OUT:-$root/.build/autobahn-deflate}" "12.*,13.*" "" deflate || status=1
echo "autobahn 12.*/13.*: $(( $(date +%s) - start )) s for both suites"

section "permessage-deflate 3/3: Python websockets with compression, both directions"
"$python" .ci/interop_deflate.py "$ws" || status=1

[ $status -eq 0 ] && echo "permessage-deflate checks passed" || echo "permessage-deflate checks FAILED"
exit $status
