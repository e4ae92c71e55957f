#!/usr/bin/env bash
# test_tables_io.sh - tables T2.1 (read/stat latency), T2.3 (devices), T4.2 (memory sources) and
# T4.3 (cache access) end to end in host and oci: collect (2 quick samples each), normalize,
# analyze; then the benchmark names per environment, a verdict for every claim of these tables,
# and that nothing is left behind (FUSE mounts, bindfs daemons, temporary files), also after the
# fsio probe is stopped by a signal in the middle of a measurement.
#
#   tests/e2e/test_tables_io.sh [BIN_DIR]     (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-tio.XXXXXX)
tables=(T2.1 T2.3 T4.2 T4.3)
. tests/e2e/check.sh
names() { # names SAMPLES_FILE ENV: the benchmark names of that environment's results, sorted
    awk -v e="$2" '/^env: / { cur = $2 } /^Benchmark/ && cur == e { print $1 }' "$1" | sort -u
}
has_names() { # has_names TABLE ENV NAME...: every NAME has a result in ENV
    local have
    have=$(names "$run/samples/$1.txt" "$2")
    for n in "${@:3}"; do grep -qx -- "$n" <<<"$have" || { echo "$1 $2: no $n"; return 1; }; done
}
lacks_names() { # lacks_names TABLE ENV NAME...: no NAME has a result in ENV
    ! names "$run/samples/$1.txt" "$2" | grep -qxF -f <(printf '%s\n' "${@:3}")
}
raw_says() { grep -q -- "$3" "$run/raw/$1/$2/001.out"; } # raw_says TABLE ENV TEXT
absent_says() { # absent_says TABLE ENV NAME CASE: no NAME, and "# unsupported CASE: why"
    lacks_names "$1" "$2" "$3" && raw_says "$1" "$2" "# unsupported $4: "
}
present_or_says() { # present_or_says TABLE ENV NAME CASE: NAME, or "# unsupported CASE: why"
    has_names "$1" "$2" "$3" || raw_says "$1" "$2" "# unsupported $4: "
}
vmrss_at_least() { # vmrss_at_least ENV BYTES: every VmRSS sample of ENV is at least BYTES
    awk -v e="$1" -v min="$2" '/^env: / { cur = $2 }
        cur == e && $1 == "BenchmarkMemory/source=vmrss" { n++; if ($3 < min) bad = 1 }
        END { exit bad || !n }' "$run/samples/T4.2.txt"
}
misses_or_says() { # misses_or_says ENV: a result with cache-misses/op, or why perf has none
    grep -qE '^BenchmarkAccess/.*cache-misses/op' "$run/raw/T4.3/$1/001.out" ||
        raw_says T4.3 "$1" '# unsupported perf: '
}
has_verdict() { # has_verdict CLAIM_ID: its row in the model's claims.tsv has a verdict
    awk -F'\t' -v id="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "verdict") v = i }
        $1 == id && v && $v != "" { found = 1 } END { exit !found }' "$work/model/claims.tsv"
}
fuse_here() { [ -c /dev/fuse ] && command -v bindfs >/dev/null; }
no_leftovers() { # no_leftovers DIR: no mount, bindfs daemon or probe temporary under DIR
    local dir=$1 i
    for i in $(seq 20); do # a bindfs daemon exits once its detached mount is released
        pgrep -f "bindfs.*$dir" >/dev/null || break
        sleep 0.1
    done
    ! grep -q " $dir" /proc/mounts && ! pgrep -f "bindfs.*$dir" >/dev/null &&
        ! find "$dir" -name 'repro-fsio*' | grep -q .
}

echo "tables-io: ${tables[*]} in host and oci, 2 quick samples each, in $work"
pipeline/image.sh build/image "$bin/repro-probe" >"$work/image.out" 2>&1
check "the image layer is built with this probe" test $? -eq 0
run=$work/runs/20260101-000000
"$bin/repro-collect" --run-dir "$run" --envs host,oci --tables T2.1,T2.3,T4.2,T4.3 --reps 2 \
    --warmups 0 --quick >"$work/collect.out" 2>&1
check "collect runs every cell" test $? -eq 0
"$bin/repro-normalize" --run-dir "$run" >"$work/normalize.out" 2>&1
check "normalize reads every raw file" test $? -eq 0
"$bin/repro-analyze" --run-dir "$run" --out "$work/model" >"$work/analyze.out" 2>&1
check "analyze writes the model" test $? -eq 0
for t in "${tables[@]}"; do
    check "samples/$t.txt exists with Unit lines" grep -q '^Unit ' "$run/samples/$t.txt"
done

for e in host oci; do
    check "T2.1 $e: read and stat on its own filesystem" \
        has_names T2.1 "$e" BenchmarkRead4K/fs=own BenchmarkStat/fs=own
    check "T2.1 $e: read and stat on the host directory its driver shares into it" \
        has_names T2.1 "$e" BenchmarkRead4K/fs=share BenchmarkStat/fs=share
    check "T2.3 $e: every device class" has_names T2.3 "$e" BenchmarkDevice/class=serial \
        BenchmarkDevice/class=gpu BenchmarkDevice/class=gpio BenchmarkDevice/class=kvm
    check "T4.2 $e: VmRSS and smaps_rollup" has_names T4.2 "$e" \
        BenchmarkMemory/source=vmrss BenchmarkMemory/source=smaps-rss \
        BenchmarkMemory/source=smaps-pss BenchmarkMemory/source=smaps-shared-clean
    check "T4.2 $e: values only, no ordering judged by the probe (order claims judge them)" \
        lacks_names T4.2 "$e" BenchmarkMemoryOrder/vmrss-above-smaps-rss \
        BenchmarkMemoryOrder/cgroup-above-smaps-rss
    check "T4.2 $e: the child's VmRSS covers the 64 MiB it touched" vmrss_at_least "$e" 67108864
    check "T4.2 $e: the cgroup figure, or the reason there is none" \
        present_or_says T4.2 "$e" BenchmarkMemory/source=cgroup cgroup
    check "T4.3 $e: sequential and strided access" has_names T4.3 "$e" \
        BenchmarkAccess/pattern=sequential BenchmarkAccess/pattern=strided
    check "T4.3 $e: cache misses, or the reason perf has none" misses_or_says "$e"
done
check "T2.1 oci: no FUSE inside the container, and the raw output says why" \
    absent_says T2.1 oci BenchmarkRead4K/fs=fuse fuse
if fuse_here; then
    check "T2.1 host: read and stat through the bindfs FUSE mirror" \
        has_names T2.1 host BenchmarkRead4K/fs=fuse BenchmarkStat/fs=fuse
else
    check "T2.1 host: no /dev/fuse or bindfs here, and the raw output says why" \
        raw_says T2.1 host '# unsupported fuse: '
fi

nclaims=0
for t in "${tables[@]}"; do
    for id in $(grep -v '^#' "data/claims/$t.tsv" | tail -n +2 | cut -f1); do
        nclaims=$((nclaims + 1))
        check "claim $id has a verdict" has_verdict "$id"
    done
done
check "the claims files of these tables hold claims ($nclaims)" test "$nclaims" -gt 0
check "nothing is left in the run: no mount, no bindfs, no probe files" no_leftovers "$run"

# The probe stopped by SIGTERM in the middle of its measurements removes what it made.
sig=$work/sig
mkdir -p "$sig"
"$bin/repro-probe" fsio "$sig/own" >"$work/sig.out" 2>&1 &
pid=$!
sleep 0.3
kill -TERM "$pid" 2>/dev/null
wait "$pid"
check "fsio stopped by SIGTERM leaves no mount, bindfs or files behind" no_leftovers "$sig"

echo "tables-io: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
