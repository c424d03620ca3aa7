#!/usr/bin/env bash
# A real browser against `ws serve`: headless Chromium, driven through its DevTools protocol by
# .ci/chromium_page.py, uses the page at / as a person would (connect, send text and binary, read the log and the
# counters, pick a room and see a second client's message) in echo and broadcast modes, and saves a screenshot of
# each page in ARTIFACT_DIR (default .build/artifacts).
#   .ci/chromium.sh WS_BINARY [ARTIFACT_DIR]
set -euo pipefail
ws="$(realpath "$1")"
artifacts="${2:-.build/artifacts}"
if ! command -v chromium >/dev/null; then
    echo "installing chromium (Debian package)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
if ! python3 -c "import websockets" 2>/dev/null; then  # the DevTools client (.ci/run installs it first)
    python3 -m pip install --quiet --disable-pip-version-check "websockets>=14" \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "websockets>=14"
fi
mkdir -p "$artifacts"
timeout 300 python3 "$(dirname "$0")/chromium_page.py" "$ws" "$artifacts"
