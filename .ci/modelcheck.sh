#!/usr/bin/env bash
# The model check of WebSocketSession at a deeper bound than `swift test` (Spec/session.md, WS-SESSION-MODEL-CHECK):
# a client and a server session back to back, every interleaving of deliveries, timers, application calls and one
# network fault up to the depth. Usage: .ci/modelcheck.sh [path/to/ws] [depth]. Exits non-zero on a counterexample
# (printed with the moves that replay it: ws check --replay "...").
set -euo pipefail
cd "$(dirname "$0")/.."
ws="${1:-.build/release/ws}"
depth="${2:-${MODELCHECK_DEPTH:-10}}"
"$ws" check --depth "$depth"
