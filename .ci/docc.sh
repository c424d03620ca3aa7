#!/usr/bin/env bash
# API documentation with the toolchain's own DocC: no plugin, no package dependency.
#   .ci/docc.sh [MODULE ...]        (default: every public module)
# 1. `swift build` in its own scratch path (.build-docc) with the compiler emitting each module's symbol graph
#    (-emit-symbol-graph; extension blocks for extensions to other modules' types), with the package trait TLS when
#    OpenSSL's headers are there (with CI set they are installed, as .ci/tls.sh does; without CI the WebSocketTLS
#    documentation is skipped with a message, since without the trait that module is empty);
# 2. `docc convert` per module: its catalog (Sources/<Module>/<Module>.docc) and a directory holding only that
#    module's graphs, warnings as errors, and any warning line at all fails the script too;
# 3. leaves one archive per module in .build-docc/docs/<Module>.doccarchive.
# A module that re-exports another (`@_exported import`, as WebSocketIO does WebSocketCore and Transport) gets the
# re-exported symbols in its own graph, so its pages cover what `import WebSocketIO` gives and its articles can link
# them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch="$root/.build-docc"
graphs="$scratch/symbol-graphs"
out="$scratch/docs"
section() { printf '\n=== %s ===\n' "$*"; }
start=$SECONDS

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
    modules=(WebSocketCore Transport WebSocketIO WebSocketDeflate RESP RedisClient WebSocketRedis WebSocketProperties
        WebSocketFuzzTargets WebSocketTLS)
fi
docc=$(command -v docc || true)
[ -n "$docc" ] || docc="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
[ -x "$docc" ] || { echo "docc: no docc next to $(command -v swift)" >&2; exit 2; }

# The trait is chosen the same way whatever modules are asked for: a build with other traits than the last one
# compiles everything again (and would overwrite the graphs of the other configuration).
traits=()
if ! pkg-config --exists openssl 2>/dev/null && [ -n "${CI:-}" ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libssl-dev pkg-config) >/dev/null
fi
if pkg-config --exists openssl 2>/dev/null; then
    traits=(--traits TLS)
elif [[ " ${modules[*]} " == *" WebSocketTLS "* ]]; then
    echo "docc: WARNING: no OpenSSL headers (apt-get install libssl-dev): skipping WebSocketTLS's documentation," \
        "which needs the TLS trait" >&2
    kept=()
    for module in "${modules[@]}"; do [ "$module" = WebSocketTLS ] || kept+=("$module"); done
    modules=("${kept[@]}")
fi

section "docc: symbol graphs (swift build --scratch-path .build-docc ${traits[*]})"
# An up-to-date build does not compile again, so the graphs of the last build stay; a missing one means the
# directory was removed under a finished build: build afresh once.
build() {
    mkdir -p "$graphs"
    swift build --scratch-path "$scratch" ${traits[@]+"${traits[@]}"} \
        -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" \
        -Xswiftc -emit-extension-block-symbols
}
build
missing=()
for module in "${modules[@]}"; do [ -f "$graphs/$module.symbols.json" ] || missing+=("$module"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "docc: no symbol graph for ${missing[*]}: building afresh"
    rm -rf "$scratch"
    build
    for module in "${missing[@]}"; do
        [ -f "$graphs/$module.symbols.json" ] || { echo "docc: still no symbol graph for $module" >&2; exit 1; }
    done
fi

failed=()
for module in "${modules[@]}"; do
    section "docc: $module"
    catalog="Sources/$module/$module.docc"
    [ -d "$catalog" ] || { echo "docc: no catalog $catalog" >&2; failed+=("$module"); continue; }
    only="$scratch/module-graphs/$module"
    rm -rf "$only" "$out/$module.doccarchive"
    mkdir -p "$only" "$out"
    cp "$graphs/$module.symbols.json" "$only/"
    for extension in "$graphs/$module@"*.symbols.json; do [ -e "$extension" ] && cp "$extension" "$only/"; done
    log="$scratch/docc-$module.log"
    status=0
    "$docc" convert "$catalog" --additional-symbol-graph-dir "$only" \
        --fallback-display-name "$module" --fallback-bundle-identifier "swift-websocket-reference.$module" \
        --output-path "$out/$module.doccarchive" --warnings-as-errors > "$log" 2>&1 || status=$?
    cat "$log"
    if [ "$status" -ne 0 ] || grep -qiE '(^|[: ])(warning|error):' "$log"; then
        failed+=("$module")
    else
        echo "docc: $module → $out/$module.doccarchive"
    fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "docc: warnings or errors in ${failed[*]} (above)" >&2
    exit 1
fi
echo "docc: ${#modules[@]} modules documented without warnings in $((SECONDS - start)) s; browse one with"
echo "  $docc preview Sources/WebSocketIO/WebSocketIO.docc --additional-symbol-graph-dir $scratch/module-graphs/WebSocketIO \\"
echo "      --output-dir $scratch/preview"
