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
# arm ENV SECONDS SCALE [DAEMON]: ten T1 cells of ENV with host's samples times SCALE (and the
# daemon's RSS column when DAEMON is set).
arm() {
    for rep in 1 2 3 4 5 6 7 8 9 10; do
        printf 'T1\t%s\t%s\tok\t%s\tok\n' "$1" "$rep" "$2" >> "$run/cells.tsv"
    done
    {
        echo "env: $1"
        awk -v k="$3" -v daemon="${4:-}" '/^env: host/ { on = 1; next } /^env: / { on = 0 }
            on && /^Benchmark/ {
                printf "%s\t%s\t%.0f ns/op\t%s B/op\t%s allocs/op\t%s peak-RSS-B", $1, $2,
                    int($3 * k), $5, $7, $9
                print daemon ? "\t" $11 " daemon-RSS-B" : "" }' "$src/samples/T1.txt"
    } >> "$run/samples/T1.txt"
}
arm vm 40.2 16 daemon
printf 'host-aa\tok\t\tthe baseline again (an A/A control arm)\n' >> "$run/envs.tsv"
arm host-aa 2.3 1.003
printf 'precision_target\t0.02\nprecision_met\t0 of 1 comparisons\n' >> "$run/run.tsv"
printf 'table\tunit\tenv\tbench\tbaseline\tbaseline_bench\tstatus\nT1\tns/op\tdocker\tBenchmarkFib40\thost\tBenchmarkFib40\tbudget ran out\n' > "$run/precision.tsv"
printf 'file\tline\tmessage\nraw/T1/oci/004.out\t3\tbad value "1e999" (a finite decimal number)\n' \
    > "$run/samples/errors.tsv"
shift 2
"$analyze" --run-dir "$run" --out "$out" "$@" 2>/dev/null
