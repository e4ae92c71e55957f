#!/bin/sh
# problem-model.sh - writes a report model with everything that can go wrong in a run, for the
# parity checks (checks.py parity): the archived Table 1 run (tests/fixtures/run-t1) plus
#   - podman, unavailable, with its reason;
#   - vm, whose CPU was emulated (TCG): 10 samples 16x slower, flagged not comparable;
#   - a failed docker cell among good ones (exit 1), whose reason must not vanish into a lower n;
#   - the metrics tree-peak-RSS-B and max-process-RSS-B, which no environment measured;
#   - an environment description that is HTML and a reason that is a spreadsheet formula;
#   - a raw file normalize could not read (samples/errors.tsv), which the problems must name;
#   - the A/A arm host-aa (host's samples, 0.3% slower) and a precision target of +-2% that
#     docker/host did not reach (precision.tsv: the budget ran out), which the answer states.
# Usage: tests/deliverables/problem-model.sh ANALYZE_BIN OUT_DIR [ANALYZE OPTIONS: --conf 0.99 ...]
set -eu
analyze=$1 out=$2
src=tests/fixtures/run-t1
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
cp -r "$src"/. "$run/"
printf 'podman\tunavailable\t=HYPERLINK("http://example.invalid","no rootful podman here")\tpodman, rootful, daemonless\n' >> "$run/envs.tsv"
printf 'vm\tok\t\tqemu <b>booting</b> <script>alert(1)</script> Debian'"'"'s kernel\n' >> "$run/envs.tsv"
printf 'vm\taccel\ttcg\nvm\temulated\tyes (TCG): every timing is not comparable\n' >> "$run/meta.tsv"
printf 'T1\tdocker\t11\tfailed\t3.100\texit 1\n' >> "$run/cells.tsv"
for rep in 1 2 3 4 5 6 7 8 9 10; do
    printf 'T1\tvm\t%s\tok\t40.2\tok\n' "$rep" >> "$run/cells.tsv"
done
{
    echo "env: vm"
    awk '/^env: host/ { on = 1; next } /^env: / { on = 0 } on && /^Benchmark/ {
        $3 = $3 * 16; print $1 "\t" $2 "\t" $3 " ns/op\t" $5 " B/op\t" $7 " allocs/op\t" $9 \
            " peak-RSS-B\t" $11 " daemon-RSS-B" }' "$src/samples/T1.txt"
} >> "$run/samples/T1.txt"
printf 'host-aa\tok\t\tthe baseline again (an A/A control arm)\n' >> "$run/envs.tsv"
for rep in 1 2 3 4 5 6 7 8 9 10; do
    printf 'T1\thost-aa\t%s\tok\t2.3\tok\n' "$rep" >> "$run/cells.tsv"
done
{
    echo "env: host-aa"
    awk '/^env: host/ { on = 1; next } /^env: / { on = 0 } on && /^Benchmark/ {
        $3 = int($3 * 1.003); print $1 "\t" $2 "\t" $3 " ns/op\t" $5 " B/op\t" $7 " allocs/op\t" $9 \
            " peak-RSS-B" }' "$src/samples/T1.txt"
} >> "$run/samples/T1.txt"
printf 'precision_target\t0.02\nprecision_met\t0 of 1 comparisons\n' >> "$run/run.tsv"
printf 'table\tunit\tenv\tbench\tbaseline\tbaseline_bench\tstatus\nT1\tns/op\tdocker\tBenchmarkFib40\thost\tBenchmarkFib40\tbudget ran out\n' > "$run/precision.tsv"
printf 'file\tline\tmessage\nraw/T1/oci/004.out\t3\tbad value "1e999" (a finite decimal number)\n' \
    > "$run/samples/errors.tsv"
shift 2
"$analyze" --run-dir "$run" --out "$out" "$@" 2>/dev/null
