#!/usr/bin/env bash
# test_bad_input.sh - every command against the bad inputs of issue 23, as a new user meets
# them: each must exit with the documented status (1 a failure, 2 bad usage), say what was
# wrong in one line (file:line where there is one), never crash, and leave the last good
# output as it was. On copies of the captured run tests/fixtures/run-t1 (no containers).
#
#   tests/e2e/test_bad_input.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-badinput.XXXXXX)
. tests/e2e/check.sh

# run CMD...: runs it, its output in $work/out, its exit status in $rc.
run() {
    "$@" >"$work/out" 2>&1
    rc=$?
    cat "$work/out" >>"$work/log"
}
# exits N: the last run's status was N.
exits() { [ "$rc" -eq "$1" ]; }
# says TEXT: the last run's output holds TEXT.
says() { grep -qF -- "$1" "$work/out"; }
# lines N: the last run's output is at most N lines.
lines() { [ "$(wc -l <"$work/out")" -le "$1" ]; }
# fresh NAME: a copy of the fixture run, with the claims and tables of data/.
fresh() {
    rm -rf "$work/$1"
    mkdir -p "$work/$1"
    cp -r tests/fixtures/run-t1 "$work/$1/run"
    cp -r data/claims "$work/$1/claims"
    cp data/tables.tsv "$work/$1/tables.tsv"
}
analyze() { # analyze NAME [OUT]: the fixture's analysis into OUT [$work/NAME/out]
    run "$bin/repro-analyze" --run-dir "$work/$1/run" --out "${2:-$work/$1/out}" \
        --claims "$work/$1/claims" --tables "$work/$1/tables.tsv"
}

# ---- crashes and poisoned data ---------------------------------------------------------
mkdir -p "$work/notgit"
for repo in "$work/missing" "$work/notgit"; do
    run "$bin/repro-compare" --repo "$repo" 20260101-000000 20260101-000001
    check "compare on $(basename "$repo") repository: exit 1, not a crash (was 139)" exits 1
    check "compare on $(basename "$repo") repository: one line naming it" \
        eval 'lines 1 && says "$repo: no results repository here"'
    run "$bin/repro-history" --repo "$repo"
    check "history on $(basename "$repo") repository: exit 1, one line" eval 'exits 1 && lines 1'
    run "$bin/repro-fleet" --repo "$repo"
    check "fleet on $(basename "$repo") repository: exit 1, one line" eval 'exits 1 && lines 1'
done

fresh copy
mv "$work/copy/run" "$work/copy/x" && mkdir "$work/copy/run" && mv "$work/copy/x" "$work/copy/run/run"
run "$bin/repro-archive" commit --run-dir "$work/copy/run/run" --repo "$work/copy/results"
id=$(awk -F'\t' '$1 == "run_id" { print $2 }' "$work/copy/run/run/run.tsv")
run "$bin/repro-archive" list --repo "$work/copy/results"
check "commit of a copy in a directory named run archives it under run.tsv's run_id" \
    eval 'exits 0 && says "/$id" && ! grep -q "/run	" "$work/out"'
fresh badid
sed -i 's/^run_id\t.*/run_id\trun/' "$work/badid/run/run.tsv"
line=$(grep -n '^run_id' "$work/badid/run/run.tsv" | cut -d: -f1)
run "$bin/repro-archive" commit --run-dir "$work/badid/run" --repo "$work/badid/results"
check "commit of a run whose run_id is not a run id: exit 1 naming run.tsv:$line" \
    eval 'exits 1 && says "run.tsv:$line: run_id \"run\" is not a run id"'
check "... and no results repository holding it" test ! -e "$work/badid/results/.git/refs/tags/run"

run "$bin/repro" pull "$work/nowhere" --repo "$work/pulled"
check "pull from a missing path: exit 1, one line naming it" \
    eval 'exits 1 && lines 1 && says "$work/nowhere: no such remote"'
check "... and no empty repository left behind" test ! -e "$work/pulled"
mkdir -p "$work/pushrepo"
git init -q "$work/pushrepo"
for cmd in push pull; do
    run "$bin/repro" $cmd help --repo "$work/pushrepo"
    check "repro $cmd help: its help, exit 0" eval 'exits 0 && says "usage: repro-archive $cmd"'
done
check "... and no lock left in the repository" test ! -e "$work/pushrepo/.git/repro-sync.lock"

fresh outrun
analyze outrun "$work/outrun/run"
check "analyze --out <the run directory>: refused, exit 2" \
    eval 'exits 2 && says "is a run directory" && ! grep -q analysis_conf "$work/outrun/run/run.tsv"'
check "no libFuzzer artifact committed at the top of the checkout" \
    eval '[ -z "$(git ls-files "leak-*" "crash-*" "timeout-*" "oom-*")" ]'
check "a fuzz harness run by hand puts its artifacts under build/" \
    grep -q 'artifacts/' tests/fuzz/fuzz.h

echo "bad-input: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
