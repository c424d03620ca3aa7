#!/usr/bin/env bash
# Soak: `ws bench soak` for SECONDS (default 150) against a fresh release `ws serve` with its default settings,
# which the soak starts itself from the same binary (`ws serve --host 127.0.0.1 --port 0 --quiet`) and stops with
# SIGTERM. About 1,000 connections of mixed traffic (sizes 0 B-1 MiB, text and binary, fragmented, some with
# permessage-deflate), slow readers, ping floods, abrupt disconnects and hostile input; fails when an echo is
# missing or altered, a hostile input gets another close code than Spec/errors.md names, the probe waits more than
# 50 ms, the server's RSS does not return to its warm baseline + 64 MiB, or the server dies (Spec/soak.md).
#
#   .ci/soak.sh [SECONDS] [extra ws bench soak options, e.g. --seed S --connections N]
# Environment: SOAK_WS=path/to/ws skips the build (CI passes the release binary it built).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-150}"
[ $# -gt 0 ] && shift
ws="${SOAK_WS:-}"
if [ -z "$ws" ]; then
    swift build -c release --product ws -Xswiftc -warnings-as-errors
    ws="$(pwd)/.build/release/ws"
fi
[ -x "$ws" ] || { echo "soak.sh: $ws is not an executable" >&2; exit 2; }
start=$(date +%s)
status=0
"$ws" bench soak --duration "$seconds" "$@" || status=$?
echo "soak: $(( $(date +%s) - start )) s in all (exit $status)"
exit $status
