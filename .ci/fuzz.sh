#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (swiftc -sanitize=fuzzer,address) of the library's parsers.
# Builds WebSocketCore, WebSocketDeflate, RESP and WebSocketFuzzTargets with coverage and ASan into .build-fuzz/, links one
# fuzzer per Tests/Fuzz/<target>.swift, runs each for FUZZ_SECONDS (default 30) over a copy of its seed corpus
# (Vectors/fuzz-corpus/<target>/), and fails on any crash or broken invariant, printing the input as hex.
# A crash input belongs in Vectors/fuzz-regressions/<target>/ (replayed by `swift test`) once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${FUZZ_SECONDS:-30}
out="$root/.build-fuzz"
mkdir -p "$out/modules" "$out/bin" "$out/work"
# The Swift runtime's backtracer hangs waiting on a crashed fuzzer; libFuzzer prints its own report.
export SWIFT_BACKTRACE=enable=no
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name websocket -I "$out/modules" -L "$out/modules")
start=$SECONDS

build_module() { # NAME: a static library and its module from Sources/NAME (and its folders)
    local name=$1
    swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -emit-library -static -o "$out/modules/lib$name.a" $(find "Sources/$name" -name '*.swift' | sort) 2>&1 | grep -v 'Cannot export local symbol' || true
    [ -f "$out/modules/lib$name.a" ] || { echo "fuzz: building $name failed" >&2; exit 1; }
}

echo "fuzz: building the instrumented modules"
rm -f "$out"/modules/*
for module in WebSocketCore WebSocketDeflate WebSocketProperties RESP WebSocketFuzzTargets; do build_module "$module"; done
targets=()
for entry in Tests/Fuzz/*.swift; do
    target=$(basename "$entry" .swift)
    targets+=("$target")
    rm -f "$out/bin/$target"
    swiftc "${flags[@]}" -module-name "fuzz_${target//-/_}" "$entry" -o "$out/bin/$target" \
        -lWebSocketFuzzTargets -lWebSocketProperties -lWebSocketDeflate -lRESP -lWebSocketCore 2>&1 | grep -v 'Cannot export local symbol' || true
    [ -x "$out/bin/$target" ] || { echo "fuzz: linking $target failed" >&2; exit 1; }
done
echo "fuzz: built ${#targets[@]} fuzzers in $((SECONDS - start)) s"

failed=0
for target in "${targets[@]}"; do
    work="$out/work/$target"
    rm -rf "$work"; mkdir -p "$work/corpus" "$work/artifacts"
    cp "Vectors/fuzz-corpus/$target"/* "$work/corpus/"
    [ -d "Vectors/fuzz-regressions/$target" ] && cp "Vectors/fuzz-regressions/$target"/* "$work/corpus/" 2>/dev/null || true
    log="$work/log.txt"
    set +e
    "$out/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1
    status=$?
    set -e
    stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
    printf 'fuzz: %-18s exit %d  %s execs, %s/s  %s\n' "$target" "$status" "${execs:-?}" "${rate:-?}" \
        "$(echo "$stats" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' || true)"
    crashes=$(ls "$work/artifacts" 2>/dev/null || true)
    if [ "$status" -ne 0 ] || [ -n "$crashes" ]; then
        failed=1
        grep -vE 'Cannot export local symbol' "$log" | grep -E 'FuzzFailure|Fatal error|ERROR|SUMMARY|==[0-9]+==' | head -20 >&2 || true
        for crash in "$work"/artifacts/*; do
            [ -f "$crash" ] || continue
            echo "fuzz: $target crash input $(basename "$crash") (hex):" >&2
            od -An -v -tx1 "$crash" | tr -d ' \n' >&2; echo >&2
        done
    fi
done
echo "fuzz: total $((SECONDS - start)) s"
if [ "$failed" -ne 0 ]; then
    echo "fuzz: FAILED (copy each crash input to Vectors/fuzz-regressions/<target>/ once fixed)" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, no crash"
