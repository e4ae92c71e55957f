#!/usr/bin/env bash
# test_t1_gocommand.sh - Table 1's BenchmarkGoTestCommand end to end: the article's whole go
# test command from source, in host and oci (and the vm where this machine can boot one), 7
# samples: collect, normalize, analyze. Every one of the --reps samples holds the command's peak
# RSS of the whole process tree and of its largest process, with plausible values (over 10 MB
# each, the tree's at least the largest process's); the first sample primed the cache
# unmeasured; the A/A arm host-aa runs it too (exactly what host runs); an emulated vm says why
# it did not; nothing is left. (That a precision round past --reps runs it too:
# test_collect_gobench.)
#
#   tests/e2e/test_t1_gocommand.sh [BIN_DIR]    (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-t1cmd.XXXXXX)
. tests/e2e/check.sh
run=$work/runs/t1cmd
envs=host,host-aa,oci,vm
results() { # results ENV NAME: that env's result lines of NAME in samples/T1.txt
    awk -v e="$1" '/^env: / { cur = $2; next } cur == e' "$run/samples/T1.txt" | grep -E "^$2\s"
}
plausible() { # plausible ENV: every command sample > 10 MB, tree >= largest process, 1 ms-10 min
    results "$1" BenchmarkGoTestCommand | awk '{
        for (i = 2; i <= NF; i++) v[$i] = $(i - 1)
        if (!(v["tree-peak-RSS-B"] > 10e6 && v["max-process-RSS-B"] > 10e6 &&
              v["tree-peak-RSS-B"] >= v["max-process-RSS-B"] &&
              v["ns/op"] > 1e6 && v["ns/op"] < 600e9)) { print "implausible: " $0; bad = 1 }
        n++
    } END { exit bad || n == 0 }'
}
env_status() { awk -F'\t' -v e="$1" '$1 == e { print $2 }' "$run/envs.tsv"; }
emulated() { grep -qP "^vm\temulated\tyes" "$run/meta.tsv"; }

echo "t1-gocommand: T1 in $envs, 7 samples (quick, fib(20)), in $work"
pipeline/image.sh build/image "$bin/repro-probe" >>"$work/log" 2>&1
check "the image layer is built (pipeline/image.sh)" test $? -eq 0
pipeline/vm-image.sh build/vm >>"$work/log" 2>&1 || echo "t1-gocommand: no vm image; vm skipped"
"$bin/repro-collect" --run-dir "$run" --envs "$envs" --tables T1 --bench BenchmarkFib20 \
    --reps 7 --warmups 0 --quick >"$work/collect.out" 2>&1
check "collect exits 0" test $? -eq 0
"$bin/repro-normalize" --run-dir "$run" >"$work/normalize.out" 2>&1
check "normalize exits 0" test $? -eq 0
for e in host oci; do
    check "$e: 7 T1 cells ok" \
        test "$(awk -F'\t' -v e=$e '$1 == "T1" && $2 == e && $4 == "ok"' "$run/cells.tsv" |
            grep -c .)" -eq 7
    check "$e: 7 samples of the prebuilt benchmark" \
        test "$(results $e 'BenchmarkFib20-[0-9]+' | grep -c .)" -eq 7
    check "$e: 7 samples of the whole command (each of --reps)" \
        test "$(results $e BenchmarkGoTestCommand | grep -c .)" -eq 7
    check "$e: each has ns/op, tree-peak-RSS-B and max-process-RSS-B (and tree-daemon-RSS-B where normalize adds it)" \
        test "$(results $e BenchmarkGoTestCommand | grep -cE '^BenchmarkGoTestCommand\s+1\s+[0-9]+ ns/op\s+[0-9]+ tree-peak-RSS-B\s+[0-9]+ max-process-RSS-B(\s+[0-9]+ tree-daemon-RSS-B)?$')" -eq 7
    check "$e: every command sample is plausible (> 10 MB, tree >= largest process)" plausible $e
    check "$e: the first sample ran the command once unmeasured first, the second did not" \
        bash -c "grep -q '^# repro-treerss: unmeasured first run: go test -bench=BenchmarkFib20 -benchmem -count=1 -benchtime=1x' '$run/raw/T1/$e/001.err' &&
                 ! grep -q 'unmeasured first run' '$run/raw/T1/$e/002.err'"
    # the article's command with -count=1, in every profile
    check "$e: go test built and ran the test binary once, from source (output in .err)" \
        bash -c "test \$(grep -cE '^BenchmarkFib20-[0-9]+\s+1\s' '$run/raw/T1/$e/002.err') -eq 1 &&
                 grep -qE '^ok\s+repro.example/fib\s' '$run/raw/T1/$e/002.err'"
done
check "host-aa: 7 samples of the prebuilt benchmark and 7 of the whole command, as host" \
    test "$(results host-aa 'BenchmarkFib20-[0-9]+' | grep -c .)" -eq 7 -a \
    "$(results host-aa BenchmarkGoTestCommand | grep -c .)" -eq 7

"$bin/repro-analyze" --run-dir "$run" --out "$work/analysis" >"$work/analyze.out" 2>&1
check "analyze exits 0" test $? -eq 0
median() { # median ENV UNIT: the summary's median of BenchmarkGoTestCommand
    awk -F'\t' -v e="$1" -v u="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["table"] == "T1" && $c["env"] == e && $c["unit"] == u &&
        $c["bench"] == "BenchmarkGoTestCommand" { print $c["n"], $c["median"] }' \
        "$work/analysis/summary.tsv"
}
for e in host oci; do
    tree=$(median $e tree-peak-RSS-B) max=$(median $e max-process-RSS-B)
    check "$e: the summary has the tree's and the largest process's peak, 7 samples each" \
        test "${tree% *} ${max% *}" = "7 7"
    check "$e: the tree's median (${tree#* } B) is at least the largest process's (${max#* } B)" \
        awk -v t="${tree#* }" -v m="${max#* }" 'BEGIN { exit !(t >= m && m > 10e6) }'
done

case "$(env_status vm)" in
ok)
    if emulated; then
        check "vm (TCG): no command samples, and the notes say why" \
            bash -c "! grep -q BenchmarkGoTestCommand <(awk '/^env: vm/ { p = 1; next } /^env: / { p = 0 } p' '$run/samples/T1.txt') &&
                     grep -qP '^T1\tvm\tBenchmarkGoTestCommand\tnot run where the CPU is emulated \(TCG\)' '$run/samples/T1.notes.tsv'"
        check "vm (TCG): its prebuilt benchmark samples are still there" \
            test "$(results vm 'BenchmarkFib20-[0-9]+' | grep -c .)" -ge 1
    else
        check "vm (KVM): its command samples are plausible" plausible vm
    fi
    ;;
*) echo "skip: vm: $(awk -F'\t' '$1 == "vm" { print $3 }' "$run/envs.tsv")" ;;
esac

leftovers() { # nothing this test started may remain
    ! pgrep -f -- "$work/" && ! grep -q " $work" /proc/mounts &&
        ! find "$run" -path '*/env/oci/state/*' -mindepth 1 | grep -q .
}
check "nothing is left (processes, mounts, runc state)" leftovers

echo "t1-gocommand: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
