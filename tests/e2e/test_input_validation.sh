#!/usr/bin/env bash
# test_input_validation.sh - every file a stage reads is checked against docs/formats.md: a
# misspelled column, an unknown env or status, a bad number, a duplicate row or a conflicting
# Unit line makes the stage exit non-zero with file:line, never a skipped row or a default.
# On copies of the captured run tests/fixtures/run-t1 (no containers).
#
#   tests/e2e/test_input_validation.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-validation.XXXXXX)
. tests/e2e/check.sh
fresh() { # fresh NAME: a copy of the fixture run, with the claims and tables of data/
    rm -rf "$work/$1"
    mkdir -p "$work/$1"
    cp -r tests/fixtures/run-t1 "$work/$1/run"
    cp -r data/claims "$work/$1/claims"
    cp data/tables.tsv "$work/$1/tables.tsv"
}
analyze() { # analyze NAME: exit status non-zero, and the log names WHERE (file:line)
    "$bin/repro-analyze" --run-dir "$work/$1/run" --out "$work/$1/out" --claims "$work/$1/claims" \
        --tables "$work/$1/tables.tsv" >"$work/$1.log" 2>&1
    local rc=$?
    [ $rc -ne 0 ] && grep -qF -- "$2" "$work/$1.log"
}

fresh ok
"$bin/repro-analyze" --run-dir "$work/ok/run" --out "$work/ok/out" --claims "$work/ok/claims" \
    --tables "$work/ok/tables.tsv" >/dev/null 2>&1
check "the fixture run is analysed without error (exit 0)" test $? -eq 0

fresh tol
sed -i '/^id\t/s/\ttolerance\t/\ttolerence\t/' "$work/tol/claims/T1.tsv"
check "a claims file with a misspelled tolerance header fails at file:1" \
    analyze tol "claims/T1.tsv:1: the header's column 11 is \"tolerence\", expected \"tolerance\""

fresh tenv
awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 && $1 == "T1" { $4 = "dokcer" } { print }' \
    "$work/tenv/tables.tsv" >"$work/tenv/t" && mv "$work/tenv/t" "$work/tenv/tables.tsv"
line=$(awk -F'\t' '$1 == "T1" { print NR }' "$work/tenv/tables.tsv")
check "a tables file with an unknown env fails at file:line" \
    analyze tenv "tables.tsv:$line: unknown baseline env \"dokcer\""

fresh unit
samples=$work/unit/run/samples/T1.txt
line=$(($(grep -n '^Unit ns/op better=lower' "$samples" | cut -d: -f1) + 1))
sed -i "${line}i Unit ns/op better=higher" "$samples"
check "a samples file with a duplicated Unit line of conflicting better= fails at file:line" \
    analyze unit "samples/T1.txt:$line: Unit ns/op better=higher conflicts with better=lower"

fresh envcol
sed -i '1s/^env\tstatus/env\tstatsu/' "$work/envcol/run/envs.tsv"
check "an envs.tsv with a misspelled column fails at file:1" analyze envcol "envs.tsv:1: no column \"status\""

fresh cellenv
printf 'T1\tpodmn\t1\tok\t1.0\tok\n' >>"$work/cellenv/run/cells.tsv"
line=$(wc -l <"$work/cellenv/run/cells.tsv")
check "a cells.tsv row for an env envs.tsv lacks fails at file:line" \
    analyze cellenv "cells.tsv:$line: env \"podmn\" is not in"

fresh celldup
tail -n 1 "$work/celldup/run/cells.tsv" >>"$work/celldup/run/cells.tsv"
line=$(wc -l <"$work/celldup/run/cells.tsv")
check "a cells.tsv row given twice fails at file:line" analyze celldup "cells.tsv:$line: rep"

fresh sampleenv
sed -i 's/^env: oci$/env: ocii/' "$work/sampleenv/run/samples/T1.txt"
check "a samples result for an env the run lacks fails at file:line" \
    analyze sampleenv "env \"ocii\" is not in the run's envs.tsv"

fresh num
sed -i '0,/^\(BenchmarkFib[^ \t]*[ \t]*[0-9]*[ \t]*\)[0-9.]*\( ns\/op\)/s//\1nan\2/' "$work/num/run/samples/T1.txt"
check "a samples value that is not a number fails at file:line" analyze num "bad value \"nan\""

# normalize: a raw file that would become an unreadable sample fails at the raw file.
fresh raw
mkdir -p "$work/raw/run/raw/T1/host"
printf 'BenchmarkFib20-2 10 31275 ns/op 0 B/op 0 allocs/op\n# repro-rusage maxrss_kib=1 utime_us=1\n' \
    >"$work/raw/run/raw/T1/host/001.out"
printf 'daemon_rss_bytes\tnan\nstatus\tok\n' >"$work/raw/run/raw/T1/host/001.daemon"
"$bin/repro-normalize" --run-dir "$work/raw/run" >"$work/raw.log" 2>&1
check "normalize fails naming the .daemon file's line of a nan daemon_rss_bytes" \
    bash -c "test $? -ne 0 && grep -q 'raw/T1/host/001.daemon:1: bad daemon_rss_bytes' '$work/raw.log'"

check "... keeps it in samples/errors.tsv, path relative to the run" \
    grep -qP '^raw/T1/host/001.daemon\t1\tbad daemon_rss_bytes "nan"' "$work/raw/run/samples/errors.tsv"
check "... and still writes the other samples" test -s "$work/raw/run/samples/T1.txt"
"$bin/repro-analyze" --run-dir "$work/raw/run" --out "$work/raw/out" --claims "$work/raw/claims" \
    --tables "$work/raw/tables.tsv" >>"$work/raw.log" 2>&1 &&
    "$bin/repro-render" --model "$work/raw/out" --out "$work/raw/report" >>"$work/raw.log" 2>&1
check "the report's problems name the raw file and line" \
    grep -qE '^ *- normalize could not read raw/T1/host/001.daemon:1: bad daemon\\_rss\\_bytes' \
    "$work/raw/report/report.md"

echo "input-validation: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
