#!/usr/bin/env bash
# test_bad_input.sh - every command against the bad inputs of issue 23, as a new user meets
# them: each must exit with the documented status (1 a failure, 2 bad usage), say what was
# wrong in one line (file:line where there is one), never crash, and leave the last good
# output as it was. On copies of the captured run tests/fixtures/run-t1 (no containers);
# about 25 s (also on build/asan/bin). run-all.sh runs it (its test_*.sh glob).
# On main before issue 23's fixes (60c5620) 117 of these 127 checks fail, compare's among
# them with a segmentation fault.
#
#   tests/e2e/test_bad_input.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-badinput.XXXXXX)
. tests/e2e/check.sh
# Under ASan (make test passes build/asan/bin): libgit2's one-time libpcre2 allocations are not ours.
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan-libgit2.supp:print_suppressions=0

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

# A remote holding a run filed as "run" (what commit once made of a copy in <dir>/run): a pull
# skips and names it, takes the other runs, exits 1; a push from there heals the remote.
git init -q --bare "$work/remote.git"
run "$bin/repro" push "$work/remote.git" --repo "$work/copy/results"
m=$("$bin/repro" list --repo "$work/copy/results" | cut -d/ -f1)
git clone -q -b main "$work/remote.git" "$work/evil" && mkdir -p "$work/evil/machines/$m/runs/run" &&
    cp -r "$work/copy/run/run/." "$work/evil/machines/$m/runs/run/" &&
    sed -i 's/^run_id\t.*/run_id\trun/' "$work/evil/machines/$m/runs/run/run.tsv" &&
    git -C "$work/evil" add -A && git -C "$work/evil" -c user.name=e -c user.email=e@e commit -qm run &&
    git -C "$work/evil" push -q origin HEAD:main
run "$bin/repro" pull "$work/remote.git" --repo "$work/b-results"
check "pull of a remote holding a run named \"run\": exit 1, naming it as skipped" \
    eval 'exits 1 && says "machines/$m/runs/run: skipped, not pulled"'
run "$bin/repro" list --repo "$work/b-results"
check "... the remote's good run came in, the bad one did not" \
    eval 'says "$m/$id" && ! grep -q "/run	" "$work/out"'
run "$bin/repro" push "$work/remote.git" --repo "$work/b-results"
run "$bin/repro" pull "$work/remote.git" --repo "$work/c-results"
check "a push from there heals the remote: the next pull exits 0" eval 'exits 0 && says "1 new run"'

fresh outrun
analyze outrun "$work/outrun/run"
check "analyze --out <the run directory>: refused, exit 2" \
    eval 'exits 2 && says "is a run directory" && ! grep -q analysis_conf "$work/outrun/run/run.tsv"'
check "no libFuzzer artifact committed at the top of the checkout" \
    eval '[ -z "$(git ls-files "leak-*" "crash-*" "timeout-*" "oom-*")" ]'
check "a fuzz harness run by hand puts its artifacts under build/" \
    grep -q 'artifacts/' tests/fuzz/fuzz.h

# ---- fail closed: a bad input is an error at file:line and the last good output stays -------
fresh good
analyze good
check "the fixture run is analysed (exit 0)" exits 0
sum() { cat "$work/good/out"/* | md5sum; }
good_sum=$(sum)
samples=$work/good/run/samples/T1.txt
restore() { cp tests/fixtures/run-t1/samples/T1.txt "$samples"; }
# bad_samples WHAT WANT: analyze on the edited samples exits 1, says WANT, leaves the model.
bad_samples() {
    analyze good
    check "$1: exit 1" exits 1
    check "$1: the error says \"$2\"" says "$2"
    check "$1: the previous model is left as it was" test "$(sum)" = "$good_sum"
    restore
}
first=$(grep -n '^BenchmarkFib40' "$samples" | head -1 | cut -d: -f1)
sed -i "${first}s/\t[0-9.]* ns\/op/\tgarbage ns\/op/" "$samples"
bad_samples "a corrupt samples line" "T1.txt:$first: bad value \"garbage\""
docker=$(grep -n '^env: docker' "$samples" | cut -d: -f1)
sed -i "$docker,\$s/ ns\/op/ sec\/op/" "$samples"
line=$(awk -v d="$docker" 'NR > d && /^Benchmark/ { print NR; exit }' "$samples")
bad_samples "docker's Fib40 in sec/op" "T1.txt:$line: unit \"sec/op\" is not one table T1 measures in"
sed -i "${first}s/ ns\/op/ ms\/op/" "$samples"
bad_samples "one line in ms/op" "T1.txt:$first: unit \"ms/op\""
for v in 0 -5 1e308; do
    sed -i "${first}s/\t[0-9.]* ns\/op/\t$v ns\/op/" "$samples"
    bad_samples "a time of $v ns/op" "T1.txt:$first: value $v ns/op"
done
sed -i 's/^table: T1$/table: T2.1/' "$samples"
bad_samples "a table: header naming another table" "T1.txt:$first: a result of table \"T2.1\" in the samples file of table \"T1\""
: >"$samples"
bad_samples "an empty samples/T1.txt while cells.tsv lists its cells as ok" \
    "cells.tsv:2: T1 in host is ok, but samples/T1.txt has no result of env host"
rm "$samples"
bad_samples "a missing samples/T1.txt" "cells.tsv:2: T1 in host is ok"

fresh noraw
run "$bin/repro-normalize" --run-dir "$work/noraw/run"
check "normalize: ok cells without their raw .out: exit 1, one line per env naming cells.tsv:line" \
    eval 'exits 1 && says "cells.tsv:2: 10 cells of T1 in host recorded ok here" && lines 4'
check "... and each is a problem in samples/errors.tsv for the report" \
    grep -qP '^cells.tsv\t2\t10 cells of T1 in host recorded ok here .*raw/T1/host/<rep>.out' \
    "$work/noraw/run/samples/errors.tsv"
run "$bin/repro-analyze" --run-dir "$work/noraw/run" --out "$work/noraw/model" \
    --claims "$work/noraw/claims" --tables "$work/noraw/tables.tsv"
run "$bin/repro-render" --model "$work/noraw/model" --out "$work/noraw/report" --templates templates
check "... which the report's problems list in report.md" \
    grep -q '10 cells of T1 in host recorded ok here' "$work/noraw/report/report.md"

# The pipeline: a re-rendered run with one corrupt samples line exits non-zero, and the report
# of the run before stays as it was (never an older model rendered as this run's).
bad_id=20261201-121936
fresh corrupt
sed -i "s/^run_id\t.*/run_id\t$bad_id/" "$work/corrupt/run/run.tsv"
sed -i "${first}s/\t[0-9.]* ns\/op/\tgarbage ns\/op/" "$work/corrupt/run/samples/T1.txt"
run "$bin/repro-archive" commit --run-dir "$work/corrupt/run" --repo "$work/copy/results"
report() { RESULTS="$work/copy/results" OUT="$work/report" run "$bin/repro" report quick "$1"; }
report "$id"
check "repro report RUN=<the good run>: exit 0" exits 0
cp "$work/report/report.md" "$work/report.before.md"
report "$bad_id"
check "repro report RUN=<a run with a corrupt samples line>: exit non-zero, naming file:line" \
    eval '! exits 0 && says "samples/T1.txt:$first: bad value"'
check "... and the previous report stays as it was" cmp "$work/report.before.md" "$work/report/report.md"
abs_bin=$(cd "$bin" && pwd)
(cd "$work" && RESULTS=copy/results OUT=relative "$abs_bin/repro" report quick "$id" >"$work/out" 2>&1)
check "repro report from another directory: a relative OUT= is taken from there, not the checkout" \
    eval 'test -s "$work/relative/report.md" && test ! -e relative'


# ---- one set of conventions for every command -------------------------------------------
cmds="report collect normalize analyze render archive compare history fleet push pull list machine site"
run "$bin/repro" help
check "repro help: the command list, exit 0" eval 'exits 0 && says "compare" && says "exit status"'
for c in $cmds; do
    run "$bin/repro" help "$c"
    check "repro help $c: its help with the exit statuses, exit 0" \
        eval 'exits 0 && says "usage: " && says "exit status: 0"'
    run "$bin/repro" "$c" -h
    check "repro $c -h: the same help" eval 'exits 0 && says "exit status: 0"'
    run "$bin/repro" "$c" help
    check "repro $c help: the same help (never a remote, run or site named help)" \
        eval 'exits 0 && says "exit status: 0"'
    run "$bin/repro" "$c" --version
    check "repro $c --version: one line, exit 0" eval 'exits 0 && lines 1 && says "repro "'
done
for c in collect normalize analyze render compare history fleet push pull list machine; do
    run "$bin/repro" "$c" --no-such-option
    check "repro $c --no-such-option: exit 2, 'repro $c: error:' naming it, two lines" \
        eval 'exits 2 && lines 2 && says "repro $c: error: unknown option --no-such-option"'
done
run "$bin/repro" archive frob
check "repro archive frob: exit 2, naming it" eval 'exits 2 && says "\"frob\" is not an archive command"'
run "$bin/repro" frob
check "repro frob: exit 2, one error line and where help is" eval 'exits 2 && lines 2 && says "\"frob\" is not a repro command"'
for v in 0.9x 95; do
    run "$bin/repro" compare --conf "$v" a b
    check "repro compare --conf $v: exit 2 naming --conf" eval 'exits 2 && lines 2 && says "--conf \"$v\""'
    run "$bin/repro" analyze --conf "$v" --run-dir x --out y
    check "repro analyze --conf $v: exit 2 naming --conf" eval 'exits 2 && says "--conf \"$v\""'
done
run "$bin/repro" collect --run-dir "$work/c" --reps 0
check "repro collect --reps 0: exit 2 naming --reps" eval 'exits 2 && says "--reps \"0\""'
run "$bin/repro" compare a
check "repro compare with one run: exit 2, what is missing" eval 'exits 2 && says "missing the two runs"'
run "$bin/repro-analyze" --run-dir "$work/nowhere" --out "$work/nowhere-out"
check "a runtime failure (no run directory) exits 1, not 2" exits 1
run "$bin/repro-render" --model "$work/good/out" --out "$work/r1" --templates "$work/notemplates"
check "render without its templates: exit 1, one line naming the count (was 221 lines)" \
    eval 'exits 1 && lines 1 && says "templates missing (report.tmpl"'
touch "$work/afile"
run "$bin/repro-render" --model "$work/good/out" --out "$work/afile"
check "render --out a file: exit 2, two lines (was 9)" eval 'exits 2 && lines 2 && says "is a file"'
run "$bin/repro-render" --model "$work/good/out" --out "$work/r2" --templates templates
check "render's success: one line in the common style" eval 'exits 0 && lines 1 && says "repro render: wrote"'
check "README no longer says render removes the previous report first" \
    eval '! grep -q "report is removed first" README.md'
run "$bin/repro" report --help
check "repro report --help names RESUME, REPRO_PRECISION, REPRO_BUDGET, REPRO_BENCH" \
    eval 'says RESUME && says REPRO_PRECISION && says REPRO_BUDGET && says REPRO_BENCH'
run "$bin/repro" report bogus
check "repro report bogus: exit 2, 'repro report: error:' naming the profile" \
    eval 'exits 2 && lines 1 && says "repro report: error: unknown PROFILE '"'"'bogus'"'"'"'
RESUME=maybe run "$bin/repro" report quick
check "repro report with RESUME=maybe: exit 2 naming RESUME" eval 'exits 2 && says "error: RESUME=maybe"'
run "$bin/repro" history --help
check "history --help promises no DIR/steps.tsv it never writes" eval '! says "DIR/steps.tsv"'

echo "bad-input: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
