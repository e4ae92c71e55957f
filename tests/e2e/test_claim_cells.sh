#!/usr/bin/env bash
# test_claim_cells.sh - every claim is measured by some cell: Table 2.1 collected in host and the
# vm (2 quick samples, TCG where KVM cannot boot), normalized and analyzed, then each of its
# claims whose environment ran has samples (n >= 1). Catches a driver that never produces the
# cell a claim reads: the vm's .9p claims read BenchmarkRead4K/fs=share from the vm, which
# needs the vm's 9p share (env_vm.c's share_dir) and fsio to run under TCG.
#
#   tests/e2e/test_claim_cells.sh [BIN_DIR]     (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-claimcells.XXXXXX)
. tests/e2e/check.sh
run=$work/runs/20260101-000000
cleanup() { # the run's leftovers, then (all passed) the test's directory: in this order, as
    # --cleanup writes into the run dir and would bring back a directory removed before it
    "$bin/repro-collect" --cleanup --run-dir "$run" --envs host,vm >/dev/null 2>&1
    [ "$failed" -eq 0 ] && rm -rf "$work"
}
trap cleanup EXIT

echo "claim-cells: T2.1 in host and vm, 2 quick samples, in $work"
pipeline/image.sh build/image "$bin/repro-probe" >"$work/image.out" 2>&1
check "the image layer is built" test $? -eq 0
pipeline/vm-image.sh build/vm >"$work/vm-image.out" 2>&1
check "the vm's kernel and initramfs are built" test $? -eq 0
"$bin/repro-collect" --run-dir "$run" --envs host,vm --tables T2.1 --reps 2 --warmups 0 --quick \
    >"$work/collect.out" 2>&1
check "collect runs every cell" test $? -eq 0
check "the vm is available (else nothing here is tested)" \
    awk -F'\t' '$1 == "vm" && $2 == "ok" { ok = 1 } END { exit !ok }' "$run/envs.tsv"
"$bin/repro-normalize" --run-dir "$run" >"$work/normalize.out" 2>&1
check "normalize reads every raw file" test $? -eq 0
"$bin/repro-analyze" --run-dir "$run" --out "$work/model" >"$work/analyze.out" 2>&1
check "analyze writes the model" test $? -eq 0

# claim id, resolved env, n for every T2.1 claim
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["table"] == "T2.1" { print $h["id"], $h["env"], $h["n"] }' "$work/model/claims.tsv" >"$work/t21"
check "the model has T2.1's 8 claims" test "$(wc -l <"$work/t21")" -eq 8
while read -r id env n; do
    case "$env" in
    host | vm) check "$id: measured in $env (n = $n)" test "${n:-0}" -ge 1 ;;
    *) check "$id: resolved to an environment of this run (got '$env')" false ;;
    esac
done <"$work/t21"
check "the .9p claims read the vm's 9p share" grep -qx 'T2.1.wsl2.read.9p vm 2' "$work/t21"

echo "claim-cells: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
