#!/usr/bin/env bash
# run.sh - the end-to-end test: the whole pipeline on a tiny workload (fib(20), 3 samples; T1 and
# T4.1, the two tables of the Go benchmark, so analyze reads every unit normalize writes there) in
# host, oci and docker (or docker's stated reason), then the report table, the archive commit,
# the byte-identical RUN= re-render, a malformed raw file, and that nothing the pipeline
# started is left behind, also after cells that fail.
#
#   tests/e2e/run.sh [BIN_DIR]     (make test passes the sanitizer build's bin directory)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-e2e.XXXXXX)
export RUNS=$work/runs RESULTS=$work/results OUT=$work/out BIN=$bin
export REPRO_BENCH=BenchmarkFib20 REPRO_REPS=3 REPRO_ENVS=host,oci,docker REPRO_TABLES=T1,T4.1
# exactly 3 samples a cell: no precision rounds past them (the quick profile samples the
# headline toward +-3% otherwise)
export REPRO_PRECISION=
export REPRO_MACHINE_ID=e2e-machine # runs are filed as machines/<machine>/runs/<id>/
. tests/e2e/check.sh
leftovers() { # nothing of this test's runs may remain: its daemons name $work or a run's
    # /run/repro-<id>, its /run entries a run's id (other sessions' runs on the machine are theirs)
    local ids
    ids=$(ls "$RUNS" | grep -vx latest | paste -sd '|')
    ! pgrep -af -- "$work/|/run/repro-($ids)([/ -]|$)" && ! grep "$work" /proc/mounts &&
        ! ls /run | grep -E "^repro-($ids)(-|$)" &&
        ! find "$RUNS" -path '*/env/oci/state/*' -mindepth 1 2>/dev/null | grep .
}

echo "e2e: pipeline on fib(20), 3 samples per environment, in $work"
pipeline/report.sh quick "" >"$work/report.out" 2>&1
check "make report's pipeline exits 0" test $? -eq 0
id=$(readlink "$RUNS/latest")
md=$OUT/report.md
row() { grep -E "^\| $1 \|" "$md"; }
check "the T1 table has a host row of the benchmark with 3 samples and a time/op in µs" \
    bash -c "grep -E '^\| host — Fib20 \| 3 \| [0-9.]+ µs' '$md'"
check "the T1 table has an oci row of the benchmark with 3 samples" \
    bash -c "grep -E '^\| oci — Fib20 \| 3 \| [0-9.]+ µs' '$md'"
check "the T1 table has a docker row: 3 samples, or the reason it could not run" \
    bash -c "grep -E '^\| docker (— Fib20 \| 3 \| [0-9.]+ µs|\| 0 \|.*(unavailable|failed): )' '$md'"
check "the T1 table has rows of the whole go test command, 3 samples each, in host and oci" \
    bash -c "grep -E '^\| host — GoTestCommand \| 3 \| ' '$md' && grep -E '^\| oci — GoTestCommand \| 3 \| ' '$md'"
check "the article's WSL2 and Docker rows stand beside the measured ones" \
    bash -c "grep -q '^| article: WSL2 |  | 2,148,321 ns/op' '$md' && grep -q '^| article: Docker |' '$md'"
nclaims=0 nchecks=0
for f in data/claims/*.tsv; do
    rows=$(grep -v '^#' "$f" | tail -n +2)
    nclaims=$((nclaims + $(printf '%s\n' "$rows" | awk -F '\t' 'NF && $4 != "check"' | grep -c .)))
    nchecks=$((nchecks + $(printf '%s\n' "$rows" | awk -F '\t' '$4 == "check"' | grep -c .)))
done
words='reproduced|refuted|contradicted|inconclusive|not measured|not reproducible|equal|differs|consistent|other hardware|implausible|direction reproduced|not applicable|not comparable'
check "every article claim in data/claims/ has a verdict in the report ($nclaims)" \
    test "$(grep -E '^\| <a id="claim-' "$md" | grep -cE "\\| \\*\\*($words)\\*\\* \\|")" -eq "$nclaims"
check "every harness check is listed apart with pass, fail, not measured or smoke run ($nchecks)" \
    test "$(grep -cE '^ *- \*\*(pass|fail|not measured|smoke run)\*\* — ' "$md")" -eq "$nchecks"
check "the HTML report is one file with the T1 table and no external resources" \
    bash -c "grep -q '<table>' '$OUT/report.html' && ! grep -qE '<(link|script)[^>]*(href|src)=' '$OUT/report.html'"
check "the results repository has exactly one commit, tagged run/e2e-machine/$id" \
    bash -c "test \$(git -C '$RESULTS' rev-list --count HEAD) -eq 1 && git -C '$RESULTS' rev-parse -q --verify 'refs/tags/run/e2e-machine/$id'"
check "the commit holds the run's raw output and samples" \
    bash -c "git -C '$RESULTS' ls-tree -r --name-only HEAD | grep -qx 'machines/e2e-machine/runs/$id/raw/T1/host/001.out' && git -C '$RESULTS' ls-tree -r --name-only HEAD | grep -qx 'machines/e2e-machine/runs/$id/samples/T1.txt'"
check "samples are in Go's benchmark format with Unit lines" \
    bash -c "grep -q '^Unit ns/op better=lower' '$RUNS/$id/samples/T1.txt' && grep -qE '^BenchmarkFib20-[0-9]+\s+[0-9]+\s+[0-9.]+ ns/op' '$RUNS/$id/samples/T1.txt'"

"$bin/repro-analyze" --run-dir "$RUNS/$id" --out "$work/analysis-again" >/dev/null 2>&1
check "analysing the same run again gives byte-identical model files" \
    diff -r "$OUT/analysis" "$work/analysis-again"
cp "$md" "$work/first.md"
cp "$OUT/report.html" "$work/first.html"
rm -rf "$OUT"
pipeline/report.sh quick "$id" >"$work/rerender.out" 2>&1
check "RUN=$id re-renders from the archive" test $? -eq 0
check "the re-rendered report.md is byte-identical" cmp "$work/first.md" "$md"
check "the re-rendered report.html is byte-identical" cmp "$work/first.html" "$OUT/report.html"
check "the re-render made no new commit" test "$(git -C "$RESULTS" rev-list --count HEAD)" -eq 1

# A malformed raw file: normalize names it with its line, keeps going, loses nothing else.
bad=$work/bad
cp -r "$RUNS/$id" "$bad"
target=$bad/raw/T1/host/002.out
sed -i -E 's/^(BenchmarkFib20-[0-9]+\s+[0-9]+\s+[0-9]+) ns\/op.*/\1/' "$target"
before=$(cd "$bad/raw" && find . -type f ! -path ./T1/host/002.out | sort | xargs sha256sum)
"$bin/repro-normalize" --run-dir "$bad" >"$work/normalize.out" 2>&1
check "normalize exits non-zero on a malformed raw file" test $? -ne 0
check "the error names the file and line" grep -qE "raw/T1/host/002.out:[0-9]+: " "$work/normalize.out"
after=$(cd "$bad/raw" && find . -type f ! -path ./T1/host/002.out | sort | xargs sha256sum)
check "the other raw files are untouched" test "$before" = "$after"
check "the other samples were still written (2 host + 3 oci)" \
    bash -c "test \$(grep -c '^BenchmarkFib20' '$bad/samples/T1.txt') -ge 5"

check "nothing the pipeline started is left (daemons, mounts, containers)" leftovers

# Cells that fail (a 0.5 s limit a 1 s benchmark cannot meet): recorded, the rest goes on, and the
# teardown still removes everything.
"$bin/repro-collect" --run-dir "$RUNS/timeout" --envs host,oci,docker --bench BenchmarkFib20 \
    --reps 1 --warmups 0 --timeout 0.5 >"$work/timeout.out" 2>&1
check "collect exits 1 when cells fail, and records them" \
    bash -c "test $? -eq 1 && grep -qE 'failed\s+[0-9.]+\s+timed out' '$RUNS/timeout/cells.tsv'"
check "nothing is left after failed cells either" leftovers

# A time budget: no round starts that would end after it, and run.tsv says what it cut.
"$bin/repro-collect" --run-dir "$RUNS/budget" --envs host --tables T2.3,T3.1 --reps 5 \
    --budget 0.0001 >"$work/budget.out" 2>&1
check "--budget ends the run after its first round, and run.tsv says so" \
    bash -c "test $? -eq 0 && grep -qx 'rounds	1' '$RUNS/budget/run.tsv' &&
        grep -q '^stopped_by_budget	after round 1:' '$RUNS/budget/run.tsv' &&
        test \$(grep -c '	ok	' '$RUNS/budget/cells.tsv') -eq 2"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
