#!/usr/bin/env bash
# run-all.sh - every end-to-end test: the pipeline (run.sh), then each tests/e2e/test_*.sh (the
# drivers and the tables' workloads). All run even when one fails; the closing line counts the
# suites and the exit status says whether any failed.
#
#   tests/e2e/run-all.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
passed=0 failed=0
for t in tests/e2e/run.sh tests/e2e/test_*.sh tests/deps/test_plan.sh; do
    [ -x "$t" ] || { echo "e2e: $t is not executable"; failed=$((failed + 1)); continue; }
    echo "== $t"
    if "$t" "$bin"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "e2e: $t FAILED"; fi
done
echo "e2e-suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
