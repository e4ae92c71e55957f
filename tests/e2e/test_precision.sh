#!/usr/bin/env bash
# test_precision.sh - collect --precision and the A/A control end to end, on fib(20) at 20 ms a
# sample in host and host-aa: T1 is the headline's table, so a target no sample count can reach
# never gives its comparisons up as unreachable (only a budget or the ranked cap, 12x the
# minimum, stops them), a trivial one stops early (met); the rounds stay interleaved
# (in a drawn order); the A/A check T1.aa is in claims.tsv, and a planted bias (x4) in the
# host-aa arm fails it. (The unreachable rule of the other tables: test_collect_precision.)
#
#   tests/e2e/test_precision.sh [BIN_DIR]    (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-precision.XXXXXX)
. tests/e2e/check.sh
collect() { # collect RUN PRECISION [MORE OPTIONS]
    "$bin/repro-collect" --run-dir "$work/runs/$1" --envs host,host-aa --tables T1 \
        --bench BenchmarkFib20 --benchtime 20ms --no-go-command --reps 4 --precision "$2" \
        "${@:3}" >"$work/$1.out" 2>&1
}
ok_cells() { awk -F'\t' -v e="$2" '$2 == e && $4 == "ok"' "$work/runs/$1/cells.tsv" | grep -c .; }
status() { awk -F'\t' -v e="$2" 'NR > 1 && $3 == e && $2 == "ns/op" { print $16 }' "$work/runs/$1/precision.tsv"; }
judge() { # judge RUN: normalize and analyze it into $work/RUN.model
    "$bin/repro-normalize" --run-dir "$work/runs/$1" >>"$work/log" 2>&1 &&
        "$bin/repro-analyze" --run-dir "$work/runs/$1" --out "$work/$1.model" >>"$work/log" 2>&1
}
aa() { # aa RUN [COLUMN]: T1.aa's verdict (or COLUMN) in that run's claims.tsv
    awk -F'\t' -v want="${2:-verdict}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["id"] == "T1.aa" { print $c[want] }' "$work/$1.model/claims.tsv"
}

echo "precision: T1 in host and host-aa, fib(20) at 20 ms, in $work"
collect tight 0.001
check "collect with an unreachable target exits 0" test $? -eq 0
tight_n=$(ok_cells tight host)
check "a target no count can reach: T1's cells sample to the ranked cap (48 = 12 x 4), both alike" \
    test "$tight_n" -eq 48 -a "$(ok_cells tight host-aa)" -eq "$tight_n"
check "precision.tsv says the cap ended it, never unreachable, and ranks it in the headline's table" \
    bash -c "[ '$(status tight host-aa)' = 'sample cap reached' ] &&
             awk -F'\t' 'NR > 1 && \$3 == \"host-aa\" && \$2 == \"ns/op\" { r = \$17 } END { exit r != \"table\" }' '$work/runs/tight/precision.tsv'"
check "the rounds stayed interleaved: each round one host and one host-aa cell, at positions 1 and 2" \
    bash -c "awk -F'\t' 'NR > 1 { r = int((NR - 2) / 2) + 1; if (\$3 != r) bad = 1; seen[r] = seen[r] \$2 \$7 }
                         END { for (r in seen) if (seen[r] != \"host1host-aa2\" && seen[r] != \"host-aa1host2\") bad = 1;
                               exit bad }' '$work/runs/tight/cells.tsv'"
check "run.tsv states the target and the rule (width, never significance)" \
    bash -c "grep -qP '^precision_target\t1e-05$' '$work/runs/tight/run.tsv' &&
             grep -q 'never at whether it excludes 1' '$work/runs/tight/run.tsv'"
# A budget of 3 s: its minimum rounds fit (8 cells, under 1 s), then a round of host-aa/host
# (rank "table": no docker here, so no headline) does not, and the budget leaves it, saying so.
# (6 s fitted all 96 cells, 48 rounds, on a quiet machine: 5 s.)
collect budget 0.001 --budget 0.05
check "a budget that cannot fit a round leaves the lower ranks first, and says so" \
    bash -c "grep -q 'only the headline comparison goes on' '$work/budget.out' &&
             [ '$(status budget host-aa)' = 'budget ran out: its cells left the rounds to higher-ranked comparisons' ]"
# The quick profile: a table run as one smoke sample per cell takes no precision round, as its
# verdict is "smoke run" whatever the samples (a quick run spent 21 s on T2.4's). T2.4's oci/host
# comparison is bounded at 4 + 4, so without the rule its cells sample to the cap of 4.
if [ "$(id -u)" = 0 ]; then
    "$bin/repro-collect" --run-dir "$work/runs/smoke" --envs host,oci --tables T2.4 --reps 2 \
        --precision 0.001 --smoke --quick --budget 1 >"$work/smoke.out" 2>&1
    check "a smoke table (T2.4 in host and oci) takes its one sample a cell and no precision round" \
        test "$(awk -F'\t' 'NR > 1 && $4 == "ok"' "$work/runs/smoke/cells.tsv" | grep -c .)" -eq 2
    # The A/A control ranks with the headline (oci stands in for docker|oci here): when the budget
    # leaves only the headline going on, host-aa keeps sampling with it, round for round.
    "$bin/repro-collect" --run-dir "$work/runs/aa" --envs host,host-aa,oci --tables T1 \
        --bench BenchmarkFib20 --benchtime 20ms --no-go-command --reps 3 --precision 0.001 \
        --budget 0.3 >"$work/aa.out" 2>&1
    check "the A/A control (host-aa / host) ranks with the headline (oci / host) and takes its rounds" \
        bash -c "awk -F'\t' 'NR > 1 && \$2 == \"ns/op\" && \$5 == \"host\" { r[\$3] = \$17; n[\$3] = \$9 }
                             END { exit !(r[\"host-aa\"] == \"headline\" && r[\"oci\"] == \"headline\" &&
                                          n[\"host-aa\"] == n[\"oci\"] && n[\"oci\"] > 3) }' '$work/runs/aa/precision.tsv'"
else
    echo "skip: the smoke-table and A/A-rank checks run oci, which needs root"
fi
collect loose 99
# (fib(20) at 20 ms ran 35-700 us an op on a 2-core machine shared by eight sessions: a paired
# interval of 6 rounds, [min, max] of the log ratios, can still be wider than +-99% there)
check "a trivial target (+-99%) is met early: well before the cap of 48 rounds" \
    test "$(ok_cells loose host)" -le 12 -a "$(status loose host-aa)" = met
judge tight
check "normalize and analyze the run" test $? -eq 0
check "run.tsv says what the budget bought T1, in a sentence" \
    grep -qP '^precision_bought_T1\t44 rounds past its minimum of 4 \([0-9]+ s of its cells\): 0 of 2 comparisons met \+-0.001%; the widest host-aa/host \(typical-ns/op\) \+-[0-9.]+% at n = 48 \+ 48 \(sample cap reached\)$' \
    "$work/runs/tight/run.tsv"
"$bin/repro-render" --model "$work/tight.model" --out "$work/tight.report" >>"$work/log" 2>&1
check "the report's settings list it (budget for T1: ...)" \
    grep -q 'budget for T1: 44 rounds past its minimum of 4' "$work/tight.report/report.md"
check "every sample carries its round and the machine's verdict on it (disturbed: yes|no)" \
    test "$(grep -c '^disturbed: \(yes\|no\)$' "$work/runs/tight/samples/T1.txt")" -eq 96
check "the run-order chart is drawn and in the report (md, html)" \
    bash -c "test -s '$work/tight.report/fig/T1-time-op-runorder.svg' &&
             grep -q 'fig/T1-time-op-runorder.png' '$work/tight.report/report.md' &&
             grep -q 'run order per environment' '$work/tight.report/report.html'"
check "and in the workbook: a Run order sheet, a row per round (48) under its header" \
    bash -c "tests/e2e/xlsx_sheets.py '$work/tight.report/report.xlsx' | grep -qP '^Run order\t49$'"
check "the A/A check T1.aa is judged (pass or fail)" bash -c "[[ '$(aa tight)' =~ ^(pass|fail)$ ]]"
check "claims.tsv copies how its sampling ended from precision.tsv" \
    test "$(aa tight precision)" = "sample cap reached"
check "claims.tsv says the A/A interval was paired over the 48 rounds both arms ran" \
    test "$(aa tight pairs)" = 48
check "and the report's A/A sentence says so, naming both arms with no headline measured" \
    grep -q '(host-aa / host)\(, is\|: no detectable difference,\) [0-9.]* \\\[[0-9.]*, [0-9.]*\\\] at 95%, paired over 48 rounds' "$work/tight.report/report.md"
check "claims.tsv names the A/A check's baseline" test "$(aa tight baseline)" = host
cp -r "$work/tight.model" "$work/badpairs.model"
awk -F'\t' 'BEGIN { OFS = "\t" } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pairs") p = i }
             NR > 1 && $1 == "T1.aa" { $p = "<b>" } { print }' "$work/tight.model/claims.tsv" >"$work/badpairs.model/claims.tsv"
"$bin/repro-render" --model "$work/badpairs.model" --out "$work/badpairs.report" >"$work/badpairs.out" 2>&1
check "a pairs that is not a count is named with its file:line and read as unpaired, never as markup" \
    bash -c "grep -q 'claims.tsv:[0-9]*: claim T1.aa: pairs \"<b>\" is not a count of rounds' '$work/badpairs.out' &&
             grep -q '(host-aa / host)[,:] .* at 95%, ±' '$work/badpairs.report/report.md' &&
             ! grep -q '<b>' '$work/badpairs.report/report.html'"
echo garbage >"$work/runs/tight/raw/T1/host/002.state"
"$bin/repro-normalize" --run-dir "$work/runs/tight" >"$work/badstate.out" 2>&1
check "a damaged .state is named, and its round is judged without that cell" \
    grep -q 'raw/T1/host/002.state: no other_cpus, steal_pct and cpus' "$work/badstate.out"
cp -r "$work/runs/tight" "$work/runs/biased"
for f in "$work"/runs/biased/raw/T1/host-aa/*.out; do # the host-aa arm four times as slow
    awk '/^BenchmarkFib20/ { $3 = sprintf("%.0f", $3 * 4) } { print }' "$f" >"$f.new" && mv "$f.new" "$f"
done
judge biased
check "a planted bias (x4: the 20 ms samples of a shared machine are noisy) in one arm fails the A/A check" test "$(aa biased)" = fail
check "and its detail flags the run as unreliable" \
    grep -q 'excludes 1: the two arms differ.*unreliable' <<<"$(aa biased detail)"
echo "precision: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
