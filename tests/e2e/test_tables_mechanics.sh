#!/usr/bin/env bash
# test_tables_mechanics.sh - Tables 2.2a, 2.2b, 2.2c and 2.4 end to end in host and oci: collect
# (2 samples, quick), normalize, analyze; every claim of theirs gets a verdict; where a case
# cannot run (overlay and a quota cgroup in a container) the reason is recorded; and nothing is
# left: no overlay mount, no quota cgroup, no strace process, also when a probe is killed.
#
#   tests/e2e/test_tables_mechanics.sh [BIN_DIR]    (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-t2mech.XXXXXX)
tables=T2.2a,T2.2b,T2.2c,T2.4
. tests/e2e/check.sh
cells() { # cells TABLE ENV STATUS: how many rows of cells.tsv match
    awk -F'\t' -v t="$1" -v e="$2" -v s="$3" '$1 == t && $2 == e && $4 == s' "$run/cells.tsv" |
        grep -c .
}
samples() { # samples TABLE ENV BENCH_REGEX: result lines of that env in samples/TABLE.txt
    awk -v e="$2" '/^env: / { cur = $2; next } cur == e' "$run/samples/$1.txt" | grep -cE "^$3\s"
}
throttle_cgroups() { find /sys/fs/cgroup/cpu* /sys/fs/cgroup/unified -maxdepth 3 -type d \
    -name 'repro-throttle-*' 2>/dev/null; }
stracers() { pgrep -x strace | sort; }
strace_before=$(stracers)
cgroups_before=$(throttle_cgroups)
leftovers() { # nothing this test started may remain
    ! grep -q " $work" /proc/mounts &&
        test "$(throttle_cgroups)" = "$cgroups_before" &&
        test -z "$(comm -13 <(echo "$strace_before") <(stracers))" &&
        ! pgrep -f -- "$work/" >/dev/null &&
        ! find "$work/runs" -name 'repro-overlay-*' | grep -q . &&
        ! find "$work/runs" -path '*/env/oci/state/*' -mindepth 1 | grep -q .
}

echo "tables-mechanics: $tables in host and oci, 2 samples each, in $work"
pipeline/image.sh build/image "$bin/repro-probe" >>"$work/log" 2>&1
check "the image layer is built (pipeline/image.sh)" test $? -eq 0
check "the image layer has strace, and it runs there" \
    bash -c "ldd build/image/rootfs/usr/bin/strace | grep -v 'not found' >/dev/null &&
             chroot build/image/rootfs /usr/bin/strace -V >/dev/null"

run=$work/runs/t2mech
"$bin/repro-collect" --run-dir "$run" --envs host,oci --tables "$tables" --reps 2 --warmups 0 \
    --quick >"$work/collect.out" 2>&1
check "collect exits 0" test $? -eq 0
for e in host oci; do # T2.2a takes twice --reps: half its samples are traced
    check "T2.2a: 4 cells ok in $e" test "$(cells T2.2a "$e" ok)" -eq 4
done
for t in T2.2c T2.4; do
    for e in host oci; do
        check "$t: 2 cells ok in $e" test "$(cells "$t" "$e" ok)" -eq 2
    done
done
check "T2.2b: 2 cells ok in host" test "$(cells T2.2b host ok)" -eq 2
check "T2.2b: oci is recorded as unsupported, saying why (CAP_SYS_ADMIN)" \
    bash -c "awk -F'\t' '\$1 == \"T2.2b\" && \$2 == \"oci\" && \$4 == \"unsupported\"' \
             '$run/cells.tsv' | grep -q CAP_SYS_ADMIN"
check "T2.2c: the quota run in oci says why it cannot make a cgroup" \
    grep -q '^# unsupported quota=.*Read-only file system' "$run/raw/T2.2c/oci/001.out"

"$bin/repro-normalize" --run-dir "$run" >"$work/normalize.out" 2>&1
check "normalize exits 0" test $? -eq 0
check "T2.2a: runc's start traced on the even samples: namespace, capability and mount calls" \
    grep -qE '^BenchmarkRuntimeSyscalls\s+1\s+[0-9]+ syscalls\s+[1-9][0-9]* namespace-calls\s+[1-9][0-9]* capability-calls\s+[1-9][0-9]* mount-calls' \
    "$run/samples/T2.2a.txt"
check "T2.2a: the host, having no runtime, says so for its traced sample" \
    grep -qP '^T2.2a\thost\truntime-trace\t' "$run/samples/T2.2a.notes.tsv"
for e in host oci; do
    check "T2.2a: 2 start latencies (the untraced samples) in $e" \
        test "$(samples T2.2a $e BenchmarkStart)" -eq 2
    check "T2.2c: 2 runs in the environment's own cgroup in $e" \
        test "$(samples T2.2c $e 'BenchmarkPeriodicTask/quota=env')" -eq 2
    for cmd in build test testbin; do
        check "T2.4: 2 syscall profiles of cmd=$cmd in $e" \
            test "$(samples T2.4 $e "BenchmarkSyscalls/cmd=$cmd")" -eq 2
    done
done
for layer in lower upper merged none; do
    check "T2.2b: 2 reads of layer=$layer in host" \
        test "$(samples T2.2b host "BenchmarkOverlayRead/layer=$layer")" -eq 2
done
check "T2.2b: 2 copy-ups of each size in host" \
    test "$(samples T2.2b host 'BenchmarkCopyUp/size=(4KiB|1MiB|16MiB)')" -eq 6
check "T2.2c: 2 quota runs in host, throttled every time" \
    test "$(awk '/^env: /{e=$2} e == "host" && /quota=20ms-per-100ms/ && !/\t0 throttled-periods/' \
        "$run/samples/T2.2c.txt" | grep -c .)" -eq 2
check "T2.2c: no quota run in oci" test "$(samples T2.2c oci 'BenchmarkPeriodicTask/quota=20ms.*')" -eq 0

"$bin/repro-analyze" --run-dir "$run" --out "$work/model" >"$work/analyze.out" 2>&1
check "analyze exits 0" test $? -eq 0
verdicts() { # verdicts TABLE: "env<TAB>verdict" per claim of TABLE in the model's claims.tsv
    awk -F'\t' -v t="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["table"] == t { print $col["env"] "\t" $col["verdict"] }' "$work/model/claims.tsv"
}
checked() { # checked TABLE: verdicts of the claims this run can check, i.e. not those whose
    # baseline is an arm it does not run (T2.4.openat.overlay: oci / oci-nooverlay)
    grep -v '^#' "data/claims/$1.tsv" | awk -F'\t' -v t="$1" 'FNR == 1 && NR == FNR {
            for (i = 1; i <= NF; i++) def[$i] = i; next }
        NR == FNR { b = $def["baseline"]
            if (b != "" && b !~ /^bench:/ && b !~ /(^|\|)(host|oci)(\||$)/) arm[$1] = 1; next }
        FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["table"] == t && !($col["id"] in arm) { print $col["env"] "\t" $col["verdict"] }' \
        - "$work/model/claims.tsv"
}
for t in T2.2a T2.2b T2.2c T2.4; do
    n=$(grep -v '^#' "data/claims/$t.tsv" | tail -n +2 | grep -c .)
    check "$t: each of its $n claims has a verdict" \
        test "$(verdicts "$t" | awk -F'\t' '$2 != ""' | grep -c .)" -eq "$n"
    check "$t: no claim checked in host or oci says not measured" \
        test "$(checked "$t" | grep -cE $'^(host|oci)\tnot measured')" -eq 0
done

# A killed probe: its overlay lived in its own mount namespace and is gone with it; a quota
# cgroup left by a killed probe is removed by the next run.
"$bin/repro-probe" overlay --dir "$work/kill" --reads 100000000 >/dev/null 2>&1 &
probe=$!
for _ in $(seq 100); do
    grep -q " $work/kill/.*/merged overlay " "/proc/$probe/mounts" 2>/dev/null && break
    sleep 0.1
done
check "a running overlay probe's mount is in its own namespace only" \
    bash -c "grep -q ' $work/kill/.*/merged overlay ' /proc/$probe/mounts && ! grep -q ' $work' /proc/mounts"
kill -9 "$probe"
wait "$probe" 2>/dev/null
check "after kill -9 no overlay mount of it remains" bash -c "! grep -q ' $work' /proc/mounts"
rm -rf "$work/kill"
cpu=$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpu(,|$)/ { print $2; exit }' /proc/mounts)
if [ -n "$cpu" ] && [ -w "$cpu" ]; then
    sleep 0 &
    dead=$!
    wait "$dead"
    mkdir "$cpu/repro-throttle-$dead"
    "$bin/repro-probe" throttle --seconds 0.1 >>"$work/log" 2>&1
    check "a quota cgroup left by a killed probe is removed by the next run" \
        test ! -e "$cpu/repro-throttle-$dead"
fi

check "nothing is left (overlay mounts, quota cgroups, strace, containers, overlay dirs)" leftovers

echo "tables-mechanics: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
