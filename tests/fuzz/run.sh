#!/usr/bin/env bash
# run.sh - runs libFuzzer harnesses for a bounded time each, two at a time (the machine's
# cores), and fails when any reports a crash, a leak, undefined behaviour, a timeout or running
# out of memory. Each starts from its committed seeds and regression inputs
# (tests/fuzz/corpus/<harness>/, all run first) plus what earlier runs found
# (build/fuzz/corpus/<harness>/, where new inputs go; never committed by this script). Prints
# one line per harness: executions, executions per second, peak RSS, and ok or the artifact.
#
#   tests/fuzz/run.sh SECONDS HARNESS_BINARY...
set -u
cd "$(dirname "$0")/../.."
secs=$1
shift
mkdir -p build/fuzz/logs build/fuzz/artifacts
one() { # one BINARY SECONDS: runs a harness; its log in build/fuzz/logs/<name>.log
    local bin=$1 secs=$2 name
    name=$(basename "$bin")
    mkdir -p "build/fuzz/corpus/$name"
    "$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="build/fuzz/artifacts/$name-" "build/fuzz/corpus/$name" \
        "tests/fuzz/corpus/$name" >"build/fuzz/logs/$name.log" 2>&1
    local rc=$? execs rate rss
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/logs/$name.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "build/fuzz/logs/$name.log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "build/fuzz/logs/$name.log")
    if [ "$rc" -eq 0 ]; then
        printf 'fuzz: %-24s %10s execs %7s/s %5s MB  ok\n' "$name" "${execs:-?}" "${rate:-?}" "${rss:-?}"
    else
        printf 'fuzz: %-24s FAILED (exit %s): %s\n' "$name" "$rc" \
            "$(grep -m1 -E 'ERROR|runtime error|Test unit written' "build/fuzz/logs/$name.log")"
        return 1
    fi
}
export -f one
printf '%s\n' "$@" | xargs -P 2 -I{} bash -c 'one "$1" "$2"' _ {} "$secs"
rc=$?
[ $rc -eq 0 ] && echo "fuzz: $# harnesses, $secs s each: no crash, leak or UB" ||
    echo "fuzz: a harness failed (logs in build/fuzz/logs, inputs in build/fuzz/artifacts)"
exit $rc
