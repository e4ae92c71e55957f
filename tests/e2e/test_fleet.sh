#!/usr/bin/env bash
# test_fleet.sh - many machines through one git remote: two results repositories with different
# machine ids each make real small runs (T1, fib(20), one sample in host and oci) and push to a
# local bare repository, the first runs with PUSH= while the other machine pushes too, then six
# pushes at once; afterwards the remote holds every run exactly once and `repro fleet` shows both
# machines, also grouped by posture (--by posture). Also: compare of two real runs (with their
# posture groups) and of a run with itself, and a pulled run that is not a run (a symbolic link)
# refused.
#
#   tests/e2e/test_fleet.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-fleet.XXXXXX)
export REPRO_BENCH=BenchmarkFib20 REPRO_REPS=1 REPRO_ENVS=host,oci REPRO_TABLES=T1 BIN=$bin
unset REJUDGE CLAIMS TABLES TEMPLATES RUN
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan-libgit2.supp:print_suppressions=0 # libpcre2's
. tests/e2e/check.sh
remote=$work/remote.git
git init -q --bare -b main "$remote"
machine() { # NAME: runs pipeline/report.sh as machine NAME, with PUSH= when $push is set
    REPRO_MACHINE_ID=$1 REPRO_MACHINE_LABEL="box $1" RUNS=$work/$1/runs RESULTS=$work/$1/results \
        OUT=$work/$1/out PUSH=${push:-} pipeline/report.sh quick "" >>"$work/$1.log" 2>&1
}
two_runs() { machine "$1" && sleep 1 && machine "$1"; } # run ids are the start second

echo "e2e: a fleet of two machines through $remote, in $work"
push=file://$remote two_runs alpha & a=$!
push=$remote two_runs beta & b=$!
wait $a; ra=$?
wait $b; rb=$?
check "both machines' runs and pushes (two each, at the same time) exit 0" test $ra -eq 0 -a $rb -eq 0
sleep 1
push= machine alpha; push= machine beta # one more run each, archived but not pushed yet
pids=()
for m in alpha beta alpha beta alpha beta; do
    "$bin/repro-archive" push "file://$remote" --repo "$work/$m/results" >>"$work/push-$m.log" 2>&1 &
    pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check "six pushes started at the same time all succeed" test $bad -eq 0
made=$(for m in alpha beta; do ls "$work/$m/runs" | grep -v latest | sed "s|^|machines/$m/runs/|"; done | sort)
held=$(git -C "$remote" ls-tree -d --name-only main machines/alpha/runs/ machines/beta/runs/ | sort)
check "the remote holds every run made (6), and nothing else" \
    bash -c "test \"$made\" = \"$held\" && test \$(wc -l <<<\"$held\") -eq 6"
check "each run is in the remote's history exactly once (one commit each)" \
    bash -c "test \$(git -C '$remote' log --format=%s main | grep -c '^run ') -eq 6 &&
        test -z \"\$(git -C '$remote' log --format=%s main | sort | uniq -d)\""
check "every run has its tag run/<machine>/<id> on the remote, on a commit that holds it" \
    bash -c "for r in $(tr '\n' ' ' <<<"$held"); do m=\${r#machines/}; m=\${m%%/*}; id=\${r##*/};
        git -C '$remote' cat-file -e \"run/\$m/\$id:\$r/run.tsv\" || exit 1; done"
check "no private refs are left on the remote" test -z "$(git -C "$remote" for-each-ref refs/repro)"

"$bin/repro" pull "$remote" --repo "$work/alpha/results" >"$work/pull.log" 2>&1
check "a pull brings the last of beta's runs to alpha" \
    bash -c "test \$(git -C '$work/alpha/results' ls-tree -d --name-only HEAD machines/beta/runs/ | wc -l) -eq 3"
"$bin/repro" fleet --repo "$work/alpha/results" --out "$work/fleet" >/dev/null 2>"$work/fleet.log"
check "repro fleet shows both machines, each with 3 runs" \
    bash -c "grep -qE '^alpha	box alpha	.*	3	' '$work/fleet/machines.tsv' &&
        grep -qE '^beta	box beta	.*	3	' '$work/fleet/machines.tsv' &&
        grep -q '| T1.slower |' '$work/fleet/fleet.md'"
check "each machine's judged run names its profile (quick runs only: the latest)" \
    bash -c "test \$(grep -cE '^\| (alpha|beta) \|.*\| 3 \| [0-9]{8}-[0-9]{6} \(quick\) \|$' '$work/fleet/fleet.md') -eq 2"
"$bin/repro" fleet --repo "$work/alpha/results" --out "$work/fleet-posture" --by posture >/dev/null \
    2>>"$work/fleet.log"
groups=$(awk -F'\t' 'NR > 1 { print $6 }' "$work/fleet-posture/machines.tsv" | sort -u)
check "repro fleet --by posture groups the machines by posture: one group here (one host), oci's filter's regime" \
    bash -c "[ \$(wc -l <<<'$groups') -eq 1 ] &&
        grep -qxE '[a-z0-9.-]+ \(SSB [a-z-]+, SSBD control (yes|no), seccomp filter\)' <<<'$groups' &&
        grep -q 'groups of posture' '$work/fleet-posture/fleet.md'"
"$bin/repro" fleet --repo "$work/alpha/results" --out "$work/fleet-x" --by kernel >"$work/by.log" 2>&1
check "repro fleet --by kernel is a usage error naming the choices" \
    bash -c "test $? -eq 2 && grep -q -- '--by kernel: hardware or posture' '$work/by.log'"

ids=($(ls "$work/alpha/runs" | grep -v latest))
"$bin/repro" compare --repo "$work/alpha/results" --out "$work/cmp" "alpha/${ids[0]}" "beta/$(ls "$work/beta/runs" | head -1)" >/dev/null 2>>"$work/compare.log"
check "compare of two real runs on different machines gives a change verdict per metric" \
    bash -c "test \$(tail -n +2 '$work/cmp/compare.tsv' | wc -l) -ge 8 &&
        ! tail -n +2 '$work/cmp/compare.tsv' | cut -f17 | grep -vxE 'faster|slower|no change|inconclusive|not measured'"
sheets=$(tests/e2e/xlsx_sheets.py "$work/cmp/compare.xlsx" 2>&1)
check "compare.xlsx has the sheets About, Metrics, Claims verdict in A and in B" \
    test "$(cut -f1 <<<"$sheets" | paste -sd,)" = "About,Metrics,Claims verdict in A and in B"
check "... Metrics with a row per row of compare.tsv (one sheet for every table)" \
    test "$(awk -F'\t' '$1 == "Metrics" { print $2 }' <<<"$sheets")" -eq "$(wc -l <"$work/cmp/compare.tsv")"
"$bin/repro" compare --repo "$work/alpha/results" --out "$work/cmp2" "alpha/${ids[0]}" "beta/$(ls "$work/beta/runs" | head -1)" >/dev/null 2>>"$work/compare.log"
check "compare names both runs' posture group, the same one here" \
    grep -qE '^Posture: A .+SSB .+; B .+SSB .+ The same posture group' "$work/cmp/compare.md"
check "... and the same runs give the same workbook, byte for byte" cmp -s "$work/cmp/compare.xlsx" "$work/cmp2/compare.xlsx"
"$bin/repro" history --repo "$work/alpha/results" --out "$work/hist" >/dev/null 2>>"$work/compare.log"
check "history and fleet write workbooks too" \
    bash -c "tests/e2e/xlsx_sheets.py '$work/fleet/fleet.xlsx' | grep -q '^About' &&
        tests/e2e/xlsx_sheets.py '$work/hist/alpha/history.xlsx' | grep -q '^About'"
"$bin/repro" compare --repo "$work/alpha/results" --out "$work/self" "alpha/${ids[1]}" "alpha/${ids[1]}" >/dev/null 2>>"$work/compare.log"
check "compare of a run with itself: every metric is no change" \
    bash -c "test \$(tail -n +2 '$work/self/compare.tsv' | wc -l) -ge 8 &&
        test -z \"\$(tail -n +2 '$work/self/compare.tsv' | cut -f17 | grep -vx 'no change')\""

# beta takes what the remote has first (alpha's last push may have come after beta's), so the
# pull below has nothing to bring but the refused run.
"$bin/repro" pull "$remote" --repo "$work/beta/results" >>"$work/pull.log" 2>&1
# Someone pushes a "run" whose run.tsv is a symbolic link: a pull refuses it (exit 1), naming
# it, and leaves it out; nothing else changes (the tree is the one before).
git clone -q "$remote" "$work/evil" && mkdir -p "$work/evil/machines/evil/runs/20000101-000000" &&
    ln -s /etc/passwd "$work/evil/machines/evil/runs/20000101-000000/run.tsv" &&
    git -C "$work/evil" add -A && git -C "$work/evil" -c user.name=e -c user.email=e@e commit -qm evil &&
    git -C "$work/evil" push -q origin HEAD:main
before=$(git -C "$work/beta/results" rev-parse HEAD)
"$bin/repro" pull "$remote" --repo "$work/beta/results" >"$work/evil.log" 2>&1
check "a pulled run that is a symbolic link is refused, naming it, and nothing changes" \
    bash -c "test $? -ne 0 && grep -q 'machines/evil/runs/20000101-000000/run.tsv: a symbolic link' '$work/evil.log' &&
        git -C '$work/beta/results' diff --quiet '$before' HEAD &&
        ! git -C '$work/beta/results' cat-file -e HEAD:machines/evil/runs/20000101-000000"

echo "fleet: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
