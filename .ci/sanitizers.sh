#!/usr/bin/env bash
# Sanitizers in CI:
#   1. every test target under AddressSanitizer (+ LeakSanitizer), scratch path .build-asan;
#   2. the IO tests (WebSocketIOTests) under ThreadSanitizer, scratch path .build-tsan.
# A sanitizer report fails the run: ASan aborts on its first error by default, TSan is told to halt on its first
# report (with .ci/tsan_mutex_shim.c preloaded, so it understands the toolchain's Mutex), and the output of both
# runs is also searched for a report (a report printed from a child process or
# swallowed by the test runner still fails CI). Each step prints how long it took.
#   .ci/sanitizers.sh [asan|tsan]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(asan tsan)

section() { printf '\n=== %s ===\n' "$*"; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
timings=()
# A sanitizer prints its own report and aborts; Swift's crash backtracer attaching to that abort can spin for many
# minutes under ASan (seen here: 13 CPU minutes on one leak report), so it is off for these runs.
export SWIFT_BACKTRACE=enable=no

# Runs "$@" with its output teed to log file $1 (shifted off), then fails when the output holds a sanitizer report
# matching $2 (shifted off) even if the command itself exited 0.
run_checked() {
    local log=$1 pattern=$2
    shift 2
    local status=0
    "$@" 2>&1 | tee "$log" || status=$?
    if grep -E -q "$pattern" "$log"; then
        echo "sanitizers: a sanitizer report in $log:" >&2
        grep -E -A3 "$pattern" "$log" | head -40 >&2
        exit 1
    fi
    [ "$status" = 0 ] || { echo "sanitizers: '$*' failed ($status)" >&2; exit "$status"; }
}

asan() {
    section "AddressSanitizer: build every test target (.build-asan)"
    local start=$(date +%s)
    swift build --build-tests --sanitize=address --scratch-path "$root/.build-asan"
    timings+=("asan build $(elapsed "$start")")

    # Three runs of the same build: every test target except the IO tests, then the IO tests, then the cluster test. In one process the
    # CPU-bound synchronous tests (properties, DEFLATE), 2-5x slower under ASan, occupy the cooperative thread pool
    # (two threads on a 2-core machine) for a minute and more, while the IO tests' peers keep real deadlines (a
    # server drops a handshake after 10 s): IO tests then fail for want of a thread, not for a bug.
    local target tests run=0
    # The IO tests: WebSocket over loopback, the Redis client against a real redis-server and the client routes
    # through a real tinyproxy; then, alone, the cluster test (three `ws serve` processes under ASan beside a Redis
    # load the machine enough to starve the timed in-process soak of the IO tests).
    local io="WebSocketIOTests|RedisClientTests|WebSocketRouteTests|WebSocketRedisTests"
    for target in "--skip $io" "--filter WebSocketIOTests|RedisClientTests|WebSocketRouteTests" "--filter WebSocketRedisTests"; do
        section "AddressSanitizer: swift test $target"
        tests=$(date +%s)
        run=$((run + 1))
        # detect_leaks: LeakSanitizer runs at exit (the default on Linux, spelled out); abort_on_error: a report
        # is a crash, never a message the runner might not turn into a failing status.
        # shellcheck disable=SC2086
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:suppressions=$root/.ci/asan.supp${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        LSAN_OPTIONS="suppressions=$root/.ci/lsan.supp:print_suppressions=1${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
            run_checked "$root/.build-asan/sanitizers-asan-$run.log" 'ERROR: (AddressSanitizer|LeakSanitizer)' \
            swift test --sanitize=address --scratch-path "$root/.build-asan" --skip-build $target
        timings+=("asan tests $target $(elapsed "$tests")")
    done
    timings+=("asan total $(elapsed "$start")")
}

tsan() {
    section "ThreadSanitizer: build (.build-tsan)"
    local start=$(date +%s)
    swift build --build-tests --sanitize=thread --scratch-path "$root/.build-tsan"
    # The toolchain's clang (it knows Swift's calling convention) builds the shim that shows TSan the Mutex.
    local clang
    clang="$(dirname "$(command -v swift)")/clang"
    [ -x "$clang" ] || clang=clang
    "$clang" -shared -fPIC -O1 -Wall -Wextra -Werror -o "$root/.build-tsan/tsan_mutex_shim.so" \
        "$root/.ci/tsan_mutex_shim.c" -ldl
    timings+=("tsan build $(elapsed "$start")")

    section "ThreadSanitizer: swift test --filter WebSocketIOTests --no-parallel (without the timed in-process soak)"
    local tests=$(date +%s)
    # One test at a time (about 40 s here): run all at once under TSan's 5-15x slowdown on two cores, ~150 tests
    # with their servers' loop threads took up to 10 s per step each, the tests' own bound for a connect or a
    # message, and CI failed dozens of them for want of CPU, not for a bug. The races TSan looks for are between
    # the threads of one test (loops, the cooperative pool, the tests' own threads), which still run concurrently.
    # halt_on_error: the first report ends the run with a failure; the log is searched as well.
    LD_PRELOAD="$root/.build-tsan/tsan_mutex_shim.so${LD_PRELOAD:+:$LD_PRELOAD}" \
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
        run_checked "$root/.build-tsan/sanitizers-tsan.log" 'WARNING: ThreadSanitizer|ERROR: ThreadSanitizer' \
        swift test --sanitize=thread --scratch-path "$root/.build-tsan" --skip-build --filter WebSocketIOTests \
            --skip BenchSoakTests --no-parallel
    # BenchSoakTests is skipped here: a 2 s soak of ~50 connections under TSan's slowdown sends almost nothing, so
    # its traffic checks cannot hold; the soak code runs under ASan above and for 150 s in .ci/run.
    timings+=("tsan tests $(elapsed "$tests")" "tsan total $(elapsed "$start")")
}

for step in "${steps[@]}"; do
    case "$step" in
        asan) asan ;;
        tsan) tsan ;;
        *) echo "usage: .ci/sanitizers.sh [asan|tsan]..." >&2; exit 2 ;;
    esac
done

section "sanitizers: timings"
printf '%s\n' "${timings[@]}"
echo "sanitizers passed"
