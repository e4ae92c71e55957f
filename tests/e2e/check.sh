# check.sh - sourced by the end-to-end tests: `check "sentence" command...` runs the command
# (its output to $work/log), prints "ok" or "FAIL" with the sentence, and counts into
# $passed and $failed for the test's closing "<suite>: N passed, N failed" line.
passed=0 failed=0
check() {
    local what=$1
    shift
    if "$@" >>"$work/log" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $what"
    else
        failed=$((failed + 1))
        echo "FAIL $what (see $work/log)"
    fi
}
