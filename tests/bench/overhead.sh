#!/usr/bin/env bash
# overhead.sh - `make bench`: does the harness change what it measures? Table 1's benchmark
# through repro-collect in the host environment (its prebuilt test binary under repro-rusage)
# vs the article's `go test` run directly, interleaved
# (collect, direct, collect, ...), then repro-analyze's ratio of medians with its 95% CI.
# Target: the CI contains 1.00 (no overhead shown; the ratio itself should be within 1%).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
n=${OVERHEAD_REPS:-10}
bench=${OVERHEAD_BENCH:-BenchmarkFib40}
work=$(mktemp -d /tmp/repro-overhead.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/run/samples"
samples=$work/run/samples/overhead.txt
printf 'table: overhead\nUnit ns/op better=lower\n' >"$samples"
direct=() via=()
echo "bench: harness overhead, $bench, $n samples each way, interleaved" >&2
for i in $(seq "$n"); do
    "$bin/repro-collect" --run-dir "$work/c$i" --envs host --tables T1 --bench "$bench" \
        --reps 1 --warmups 0 >/dev/null 2>&1
    via+=("$(awk '/^Benchmark/ {print $3; exit}' "$work/c$i/raw/T1/host/001.out")")
    (cd stages/collect/workloads/fib && GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 \
        go test -run='^$' -bench="^$bench\$" -benchmem -count=1 . >"$work/d$i.out" 2>&1)
    direct+=("$(awk '/^Benchmark/ {print $3; exit}' "$work/d$i.out")")
done
{
    echo "env: direct"
    for v in "${direct[@]}"; do printf '%s-2 1 %s ns/op\n' "$bench" "$v"; done
    echo "env: collect"
    for v in "${via[@]}"; do printf '%s-2 1 %s ns/op\n' "$bench" "$v"; done
} >>"$samples"
printf 'env\tstatus\treason\twhat\ndirect\tok\t\t\ncollect\tok\t\t\n' >"$work/run/envs.tsv"
printf 'key\tvalue\nrun_id\toverhead\n' >"$work/run/run.tsv"
printf 'env\tkey\tvalue\n' >"$work/run/meta.tsv"
printf 'table\tenv\trep\tstatus\tseconds\tdetail\n' >"$work/run/cells.tsv"
printf 'table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\noverhead\tharness\t-\tdirect\tns/op\t-\t-\tmeasured\t\n' >"$work/tables.tsv"
mkdir -p "$work/claims"
"$bin/repro-analyze" --run-dir "$work/run" --out "$work/model" --tables "$work/tables.tsv" \
    --claims "$work/claims"
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["bench"] != "geomean" {
        r = $col["ratio"]; lo = $col["ratio_lo"]; hi = $col["ratio_hi"]
        printf "bench: collect / direct = %.4f, 95%% CI [%.4f, %.4f], Mann-Whitney p = %s\n", r, lo, hi, $col["p"]
        ok = lo <= 1 && hi >= 1
        printf "bench: %s (target: the CI contains 1.00)\n", ok ? "no harness overhead shown" : "the harness changes the measurement"
        exit !ok
    }' "$work/model/comparisons.tsv"
