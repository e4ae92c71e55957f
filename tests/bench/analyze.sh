#!/usr/bin/env bash
# analyze.sh - `make bench`: the analyze stage on 1,000,000 samples spread over 1,000 cells
# (500 benchmarks x 2 environments x 1,000 samples, deterministic pseudo-random data): its
# instructions counted by callgrind (a figure a loaded machine cannot move), its wall time and
# peak RSS measured by repro-rusage. Targets: at most 2,000 M instructions (Go's benchstat takes
# 5,967 M on the same file: issue 14) and 30 MiB peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-bench.XXXXXX)
if [ -n "${KEEP:-}" ]; then
    echo "bench: data kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/run/samples"
awk 'BEGIN {
    srand(1);
    print "table: T1"; print "Unit ns/op better=lower";
    for (e = 0; e < 2; e++) {
        print "env: " (e ? "oci" : "host");
        for (b = 0; b < 500; b++)
            for (i = 0; i < 1000; i++)
                printf "BenchmarkCase%03d-2\t1\t%.1f ns/op\n", b, (1000 + b) * (1 + 0.01 * e) * exp(0.1 * (rand() - 0.5));
    }
}' >"$work/run/samples/T1.txt"
printf 'env\tstatus\treason\twhat\nhost\tok\t\tbench\noci\tok\t\tbench\n' >"$work/run/envs.tsv"
printf 'key\tvalue\nrun_id\tbench\n' >"$work/run/run.tsv"
printf 'env\tkey\tvalue\n' >"$work/run/meta.tsv"
printf 'table\tenv\trep\tstatus\tseconds\tdetail\n' >"$work/run/cells.tsv"
echo "bench: analyze, 1,000,000 samples in 1,000 cells (500 comparisons)"
line=$("$bin/repro-rusage" "$bin/repro-analyze" --run-dir "$work/run" --out "$work/out" | grep '^# repro-rusage')
rss_kib=$(sed -n 's/.*maxrss_kib=\([0-9]*\).*/\1/p' <<<"$line")
wall_us=$(sed -n 's/.*wall_us=\([0-9]*\).*/\1/p' <<<"$line")
cells=$(($(wc -l <"$work/out/summary.tsv") - 1))
rows=$(($(wc -l <"$work/out/samples.tsv") - 1))
rm -rf "$work/out"
instr=$(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
    "$bin/repro-analyze" --run-dir "$work/run" --out "$work/out" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
awk -v w="$wall_us" -v r="$rss_kib" -v c="$cells" -v s="$rows" -v i="$instr" 'BEGIN {
    printf "bench: %d cells, %d samples: %.0f M instructions (callgrind), %.2f s wall, peak RSS %.1f MiB\n", c, s, i / 1e6, w / 1e6, r / 1024;
    printf "bench: targets: at most 2,000 M instructions and 30 MiB (benchstat: 5,967 M, 29.4 MiB)\n";
    exit !(i > 0 && i <= 2e9 && r <= 30 * 1024 && c == 1000 && s == 1000000)
}'
