#!/usr/bin/env bash
# test_fleet_scale.sh - history and fleet at scale: a synthetic archive of 100 machines x 20 runs
# of Table 1 (tests/make-synthetic-archive.py) with one planted step (machine m-000, oci, time/op
# 1.25x from its 13th run on, where its image layer changes) renders, the step is found where it
# was planted with what changed there, and no other series of any machine has one. Its speed
# target (60 s) is `make bench`'s (tests/bench/fleet_scale.sh sets SCALE_LIMIT_S), not a test's:
# on a loaded machine the time says nothing about the code.
#
#   [SCALE_LIMIT_S=N] tests/e2e/test_fleet_scale.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-scale.XXXXXX)
. tests/e2e/check.sh
echo "e2e: history and fleet of 100 machines x 20 runs, in $work"
tests/make-synthetic-archive.py "$work/results" 100 20 12 >>"$work/log" 2>&1
check "the synthetic archive holds 2000 runs" \
    test "$(git -C "$work/results" rev-list --count HEAD)" -eq 2000
start=$(date +%s.%N)
"$bin/repro" history --repo "$work/results" --out "$work/out/history" >>"$work/log" 2>&1 &&
    "$bin/repro" fleet --repo "$work/results" --out "$work/out/fleet" >>"$work/log" 2>&1
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
check "history and fleet of the whole archive exit 0" test "$rc" -eq 0
echo "scale: history and fleet of 2000 runs took ${secs%.*} s"
if [ -n "${SCALE_LIMIT_S:-}" ]; then
    check "... in at most $SCALE_LIMIT_S s" test "$(echo "$secs <= $SCALE_LIMIT_S" | bc)" -eq 1
fi
steps=$(cat "$work"/out/history/*/steps.tsv | grep -v '^machine	')
check "exactly one step is found in all 100 machines' series" test "$(grep -c . <<<"$steps")" -eq 1
check "it is machine m-000's oci time/op, from run 13 (20260113-000000) on, about 1.25x" \
    bash -c "grep -qE '^m-000	T1	ns/op	oci	20260112-000000	20260113-000000	[0-9.]+	[0-9.]+	1\.2[2-8]' <<<'$steps'"
check "the step says what changed there (the image layer)" \
    grep -q 'image_layer: layer-a -> layer-b' <<<"$steps"
check "the fleet page shows all 100 machines and pools the headline claim" \
    bash -c "test \$(tail -n +2 '$work/out/fleet/machines.tsv' | wc -l) -eq 100 &&
        grep -qE '^T1.slower	all	100	' '$work/out/fleet/pooled.tsv'"
check "the history page of m-000 has its charts (inline SVG) and the step" \
    bash -c "grep -q '<svg' '$work/out/history/m-000/history.html' && grep -q '20260113-000000' '$work/out/history/m-000/history.md'"
echo "scale: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
