#!/usr/bin/env bash
# overhead.sh - `make bench`: does the harness change what it measures? Table 1's benchmark
# through repro-collect in the host environment (its prebuilt test binary under repro-rusage)
# vs the article's `go test` run directly, interleaved in ABBA order, each pair a round, then
# repro-analyze's blocked ratio (docs/verdicts.md "Blocked rounds": the Hodges-Lehmann estimate
# of the within-pair log ratios with its Wilcoxon signed-rank 95% CI), as T1's arms are judged:
# what drifts between pairs (a neighbour's load, a frequency step) cancels within a pair. A sample
# is what a T1 sample is (docs/verdicts.md "Table 1's time sample"): the fastest of K runs of the
# benchmark, -count=K on both sides (collect's --bench-runs K), so a disturbance of a second or
# two that slows some runs of a sample does not move it: a sample must outlast them, as a T1 cell
# (~2.8 s) does. At -benchtime=60ms a sample lasted ~0.6 s and both runs of 2026-12-07 missed
# (+-1.45%); at 200ms five runs take ~1.5 s. BenchmarkFib20 (~25 us/op), 60 samples a side
# (about 4 minutes), the same on both sides; collect runs it without the article's whole go
# command (the T1 cells' BenchmarkGoTestCommand, not what is compared here).
# Target: the ratio within [0.99, 1.01] and the CI's half-width <= 1% - a noisy run fails it
# rather than passing because a wide interval holds 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
n=${OVERHEAD_REPS:-60}
bench=${OVERHEAD_BENCH:-BenchmarkFib20}
benchtime=${OVERHEAD_BENCHTIME:-200ms}
runs=${OVERHEAD_RUNS:-5}
work=$(mktemp -d /tmp/repro-overhead.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/run/samples"
samples=$work/run/samples/overhead.txt
printf 'table: overhead\nUnit ns/op better=lower\n' >"$samples"
direct=() via=()
echo "bench: harness overhead, $bench -benchtime=$benchtime, the fastest of $runs runs a sample, $n samples each way, interleaved" >&2
fastest() { awk '/^Benchmark/ && (min == "" || $3 + 0 < min + 0) { min = $3 } END { print min }' "$1"; }
start=$(date +%s)
via_sample() { # via_sample I: one sample through repro-collect
    "$bin/repro-collect" --run-dir "$work/c$1" --envs host --tables T1 --bench "$bench" \
        --benchtime "$benchtime" --bench-runs "$runs" --no-go-command --reps 1 --warmups 0 >/dev/null 2>&1
    via+=("$(fastest "$work/c$1/raw/T1/host/001.out")")
    rm -rf "$work/c$1"
}
direct_sample() { # direct_sample I: one sample of the article's go test, run directly
    (cd stages/collect/workloads/fib && GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 \
        go test -run='^$' -bench="^$bench\$" -benchmem -count="$runs" -benchtime="$benchtime" . \
        >"$work/d$1.out" 2>&1)
    direct+=("$(fastest "$work/d$1.out")")
}
# ABBA order (collect, direct, direct, collect, ...): whatever the first or second place of a
# pair does to a sample (a warm cache, a frequency step) falls on both sides alike.
for i in $(seq "$n"); do
    if [ $((i % 2)) -eq 1 ]; then via_sample "$i"; direct_sample "$i"
    else direct_sample "$i"; via_sample "$i"; fi
done
echo "bench: $((2 * n)) samples in $(($(date +%s) - start)) s" >&2
# analyze takes only its own environments' names: the direct go test run is filed as host, the
# run through the harness as host-aa (a second arm on the same host, as in T1's A/A control).
# Each pair is a round: its number and each side's place in it as the samples' round: and
# position: lines (docs/formats.md), so analyze pairs them.
{
    echo "env: host"
    for i in $(seq "$n"); do
        printf 'round: %d\nposition: %d\n%s-2 1 %s ns/op\n' "$i" $((1 + i % 2)) "$bench" "${direct[$((i - 1))]}"
    done
    echo "env: host-aa"
    for i in $(seq "$n"); do
        printf 'round: %d\nposition: %d\n%s-2 1 %s ns/op\n' "$i" $((2 - i % 2)) "$bench" "${via[$((i - 1))]}"
    done
} >>"$samples"
printf 'env\tstatus\treason\twhat\nhost\tok\t\t\nhost-aa\tok\t\t\n' >"$work/run/envs.tsv"
printf 'key\tvalue\nrun_id\toverhead\n' >"$work/run/run.tsv"
printf 'env\tkey\tvalue\n' >"$work/run/meta.tsv"
printf 'table\tenv\trep\tstatus\tseconds\tdetail\n' >"$work/run/cells.tsv"
printf 'table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\noverhead\tharness\t-\thost\tns/op\t-\t-\tmeasured\t\n' >"$work/tables.tsv"
mkdir -p "$work/claims"
"$bin/repro-analyze" --run-dir "$work/run" --out "$work/model" --tables "$work/tables.tsv" \
    --claims "$work/claims"
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["bench"] != "geomean" {
        r = $col["ratio"]; lo = $col["ratio_lo"]; hi = $col["ratio_hi"]; half = (hi - lo) / (2 * r)
        printf "bench: collect / direct = %.4f, 95%% CI [%.4f, %.4f] (half-width %.2f%%, %s design, %s pairs), n = %s a side, Mann-Whitney p = %s\n", r, lo, hi, half * 100, $col["design"], $col["pairs"], $col["n"], $col["p"]
        ok = r >= 0.99 && r <= 1.01 && half <= 0.01
        printf "bench: %s (target: ratio within [0.99, 1.01], half-width <= 1%%)\n", ok ? "met" : "missed"
        exit !ok
    }' "$work/model/comparisons.tsv"
