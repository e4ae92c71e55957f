#!/usr/bin/env bash
# run-unit.sh - runs every unit-test binary given, prints each suite's line and one closing
# "unit: N passed, N failed" line over all of them; exits non-zero if any test failed.
set -u
passed=0 failed=0
for t in "$@"; do
    line=$("$t" 2>&1 | tee /dev/stderr | tail -n 1)
    p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
    if [ -z "$p" ]; then
        echo "unit: $t did not finish (crashed or sanitizer error)" >&2
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + p)) failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
