#!/usr/bin/env bash
# run-unit.sh - runs every unit-test binary given, shows each one's output, and prints one closing
# "unit: N passed, N failed" line over all of them; exits non-zero if any test failed or a
# binary did not finish (a crash or a sanitizer report counts as a failure).
set -u
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
    "$t" >"$out" 2>&1
    rc=$?
    cat "$out"
    line=$(tail -n 1 "$out")
    p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
    if [ -z "$p" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
        echo "unit: $t did not finish cleanly (exit $rc: a crash or a sanitizer report)"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + p)) failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
