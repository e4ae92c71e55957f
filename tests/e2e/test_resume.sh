#!/usr/bin/env bash
# test_resume.sh - the crash test: make report's pipeline on a small run (host and oci, three
# tables, fib(20), the quick profile, 36 cells) is killed with SIGKILL, with everything it
# started, at 5 random moments (inside cells and between them), and run again after each, which
# resumes it: every cell finished before a kill is kept byte for byte, the final run has every
# cell exactly once, nothing of the run is left running or mounted, and the report renders.
# A torn journal line is redone; a damaged journal or a finished run is refused.
#
#   tests/e2e/test_resume.sh [BIN_DIR]      SEED=<n> replays a failed run's kill moments
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-resume.XXXXXX)
export RUNS=$work/runs RESULTS=$work/results OUT=$work/out BIN=$bin
export REPRO_BENCH=BenchmarkFib20 REPRO_REPS=16 REPRO_ENVS=host,oci REPRO_TABLES=T1,T2.3,T4.2
export REPRO_MACHINE_ID=e2e-resume
. tests/e2e/check.sh
seed=${SEED:-$RANDOM}
RANDOM=$seed
echo "resume: 5 kills of a small run in $work (seed $seed; SEED=$seed $0 replays them)"
cells=36 # T1: 16 samples, T2.3 and T4.2: one smoke sample (the quick profile), in 2 environments
sids=()

records() { # the cells the run's journal holds
    local f=$RUNS/latest/journal.tsv
    if [ -f "$f" ]; then echo $(($(wc -l <"$f") - 1)); else echo 0; fi
}
in_cell() { compgen -G "$RUNS/latest/raw/*/*/*.tmp" >/dev/null; } # a cell's output is open
kill_session() { # every process of session $1: the pipeline, collect and all they started
    local pids
    while pids=$(ps -o pid= -s "$1") && [ -n "$pids" ]; do kill -KILL $pids 2>/dev/null; done
}
finished_cells() { # raw/<table>/<env>/<rep> of every sample the journal holds
    tail -n +2 "$RUNS/latest/journal.tsv" |
        awk -F'\t' 'NF == 8 && $3 > 0 { printf "raw/%s/%s/%03d\n", $1, $2, $3 }'
}
# kill_at K MODE: the pipeline, killed once the journal holds K records, at a moment when no
# cell's output is open (between) or one is (inside). Fails when the run ended before.
kill_at() {
    local target=$1 mode=$2 sid
    setsid pipeline/report.sh quick "" >>"$work/attempts.log" 2>&1 &
    sid=$!
    sids+=("$sid")
    while [ "$(records)" -lt "$target" ] || { [ "$mode" = inside ] && ! in_cell; } ||
        { [ "$mode" = between ] && in_cell; }; do
        kill -0 "$sid" 2>/dev/null || return 1
        sleep 0.01
    done
    [ "$mode" = inside ] && sleep "0.0$((RANDOM % 10))"
    kill_session "$sid"
    wait "$sid" 2>/dev/null
    return 0
}

insides=0
for k in 1 2 3 4 5; do # (the shell's "Killed" notices go to the log)
    mode=between
    [ $(((k + seed) % 2)) -eq 0 ] && mode=inside # both kinds, alternating, from the seed
    target=$(($(records) + 1 + RANDOM % 3))
    if ! kill_at "$target" "$mode"; then
        check "kill $k: the run was still going at its moment ($target records)" false
        break
    fi
    left="between cells"
    in_cell && left="inside a cell" && insides=$((insides + 1))
    echo "kill $k: after $(records) recorded cells, $left"
    (cd "$RUNS/latest" && finished_cells | while read -r c; do sha256sum "$c".*; done) \
        >>"$work/finished.sha"
    if [ "$k" = 2 ]; then # a copy whose journal is damaged before its last line: refused
        mkdir -p "$work/damaged"
        cp "$RUNS/latest/run.tsv" "$RUNS/latest/journal.tsv" "$work/damaged/"
        sed -i '2s/\tok\t/\tok \t/' "$work/damaged/journal.tsv"
        # the quick profile's settings as report.sh gives them (its 2.3-minute budget included)
        "$bin/repro-collect" --check-resume --run-dir "$work/damaged" --envs host,oci \
            --bench BenchmarkFib20 --reps 16 --warmups 0 --quick --smoke --tables T1,T2.3,T4.2 \
            --budget 2.3 --set profile=quick >"$work/damaged.log" 2>&1
        check "a journal damaged at line 2 is refused, naming journal.tsv:2" \
            bash -c "test $? -eq 1 && grep -q 'journal.tsv:2: ' '$work/damaged.log'"
    fi
    if [ "$k" = 3 ]; then # a record the crash tore: its cell runs again
        printf 'T1\toci\t9\tok\t0.0' >>"$RUNS/latest/journal.tsv"
    fi
done 2>>"$work/log"
id=$(readlink "$RUNS/latest")
pipeline/report.sh quick "" >"$work/last.log" 2>&1
check "the run resumed after the last kill finishes, and the pipeline exits 0" test $? -eq 0
check "every kill was resumed into the same run: one run directory" \
    test "$(ls "$RUNS" | grep -cE '^[0-9]{8}-[0-9]{6}$')" -eq 1
check "every cell finished before a kill is unchanged, byte for byte" \
    bash -c "cd '$RUNS/$id' && sha256sum --quiet -c '$work/finished.sha'"
check "the final run has all $cells cells, each exactly once, all ok" \
    bash -c "test \$(tail -n +2 '$RUNS/$id/cells.tsv' | cut -f1-3 | sort -u | wc -l) -eq $cells &&
             test \$(tail -n +2 '$RUNS/$id/cells.tsv' | wc -l) -eq $cells &&
             test \$(tail -n +2 '$RUNS/$id/cells.tsv' | cut -f4 | grep -cx ok) -eq $cells"
check "the torn record was redone: T1 oci 9 is there once" \
    test "$(grep -c "^T1	oci	9	ok	" "$RUNS/$id/cells.tsv")" -eq 1
fact() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$RUNS/$id/run.tsv"; }
check "run.tsv says it was resumed 5 times, when, and finished uninterrupted" \
    bash -c "test '$(fact resumes)' = 5 && test \$(echo '$(fact resumed_utc)' | tr , '\n' | grep -c Z) -eq 5 &&
             test -n '$(fact finished_utc)' && test '$(fact interrupted)' = no"
check "run.tsv counts the cells the kills inside cells cut short ($insides or more)" \
    test "$(fact cells_redone)" -ge "$insides"
check "the report renders the resumed run: 16 samples each in host and oci" \
    bash -c "grep -qE '^\| host — Fib20 \| 16 \| ' '$OUT/report.md' && grep -qE '^\| oci — Fib20 \| 16 \| ' '$OUT/report.md'"
leftovers() { # nothing of this test's run: processes of its sessions, mounts, containers, cgroups
    local sid
    for sid in "${sids[@]}"; do ps -o pid=,args= -s "$sid" && return 1; done
    ! grep " $work" /proc/mounts && ! find "$RUNS/$id/env" -path '*/state/*' 2>/dev/null | grep . &&
        ! find /sys/fs/cgroup -type d -name "*$id*" 2>/dev/null | grep .
}
check "nothing of the run is left running or mounted" leftovers
RESUME=yes pipeline/report.sh quick "$id" collect >"$work/finished.log" 2>&1
check "RUN=$id RESUME=yes refuses the finished run, saying why" \
    bash -c "test $? -eq 1 && grep -q 'a finished run is never resumed' '$work/finished.log'"

echo "resume: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
