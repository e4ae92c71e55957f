#!/usr/bin/env bash
# analyze.sh - `make bench`: the analyze stage on 1,000,000 samples spread over 1,000 cells
# (500 benchmarks x 2 environments x 1,000 samples, deterministic pseudo-random data), timed and
# measured by repro-rusage (wall time, peak RSS of the analyze process). Target: < 2 s, < 200 MB.
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
awk -v w="$wall_us" -v r="$rss_kib" -v c="$cells" 'BEGIN {
    printf "bench: %d cells analysed in %.2f s wall, peak RSS %.0f MiB (targets: 2 s, 200 MB)\n", c, w / 1e6, r / 1024;
    exit !(w < 2e6 && r * 1024 < 200e6 && c == 1000)
}'
