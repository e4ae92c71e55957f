#!/usr/bin/env bash
# report.sh - chains the stages for `make report` and the per-stage targets.
#
#   pipeline/report.sh PROFILE RUN [STAGE]
#
# Without RUN: a new run (collect -> normalize -> archive -> analyze -> render). With RUN=<id>:
# the archived run is extracted from the results repository and analysed and rendered again,
# nothing is collected. STAGE runs one stage only, on RUN or on the latest run.
# Whatever collect started is cleaned up on exit, also on failure or Ctrl-C. A failed cell or a
# malformed raw file does not stop the later stages; the exit status says it happened.
set -uo pipefail

profile=${1:-full}
run=${2:-}
stage=${3:-all}
bin=${BIN:-build/bin}
runs=${RUNS:-data/runs}
results=${RESULTS:-data/results}
out=${OUT:-out}
envs=${REPRO_ENVS:-host,oci,oci-crun,docker,podman,vm}
tables=${REPRO_TABLES:+--tables $REPRO_TABLES} # default: every table that has a workload

case "$profile" in
full) reps=10 warmups=0 bench=BenchmarkFib40 quick= budget=28 ;;
quick) reps=1 warmups=0 bench=BenchmarkFib40 quick=--quick budget= ;;
*) echo "report: unknown PROFILE '$profile' (full or quick)" >&2; exit 2 ;;
esac
# The full profile keeps within the issue's 30 minutes on a slower machine too: collect starts
# no round it cannot finish by then (run.tsv and the report say when that cut samples).
reps=${REPRO_REPS:-$reps}
budget=${REPRO_BUDGET:-$budget}
bench=${REPRO_BENCH:-$bench}

say() { echo "report: $*" >&2; }
status=0
step() { # runs a stage, remembering a failure but going on
    "$@"
    local rc=$?
    [ $rc -eq 0 ] || { say "$(basename "$1") failed (exit $rc)"; status=1; }
}

render_from() { # analysis and rendering of one run directory
    local dir=$1
    step "$bin/repro-analyze" --run-dir "$dir" --out "$out/analysis"
    step "$bin/repro-render" --model "$out/analysis" --out "$out"
}

if [ -n "$run" ] && [ "$stage" = all ]; then
    dir=build/rerender/$run
    rm -rf "$dir"
    say "re-rendering archived run $run from $results"
    "$bin/repro-archive" extract --run "$run" --to "$dir" --repo "$results" >/dev/null || exit 1
    render_from "$dir"
    [ $status -eq 0 ] && say "wrote $out/report.md and $out/report.html for run $run"
    exit $status
fi

if [ "$stage" = all ] || [ "$stage" = collect ]; then
    id=$(date -u +%Y%m%d-%H%M%S)
    dir=$runs/$id
    mkdir -p "$dir"
    ln -sfn "$id" "$runs/latest"
    cleanup() { "$bin/repro-collect" --cleanup --run-dir "$dir" --envs "$envs" 2>/dev/null; }
    trap cleanup EXIT
    trap 'cleanup; exit 130' INT TERM
    pipeline/image.sh build/image "$bin/repro-probe" >&2 || exit 1
    case ",$envs," in # the vm's kernel and initramfs; without them the vm says why it cannot run
    *,vm,*) pipeline/vm-image.sh build/vm >&2 || say "vm-image failed: the vm will be unavailable" ;;
    esac
    say "run $id, profile $profile: $reps samples per environment ($envs)"
    step "$bin/repro-collect" --run-dir "$dir" --envs "$envs" --bench "$bench" --reps "$reps" \
        --warmups "$warmups" $quick $tables ${budget:+--budget "$budget"} --set "profile=$profile"
    [ "$stage" = collect ] && exit $status
else
    id=${run:-$(readlink "$runs/latest" 2>/dev/null)}
    [ -n "$id" ] || { say "no run yet: make collect (or make report) first"; exit 1; }
    dir=$runs/$id
fi

case "$stage" in
all)
    step "$bin/repro-normalize" --run-dir "$dir"
    step "$bin/repro-archive" commit --run-dir "$dir" --repo "$results" >/dev/null
    render_from "$dir"
    [ $status -eq 0 ] && say "run $id: wrote $out/report.md, $out/report.html; archived in $results as run/$id"
    ;;
normalize) step "$bin/repro-normalize" --run-dir "$dir" ;;
archive) step "$bin/repro-archive" commit --run-dir "$dir" --repo "$results" ;;
analyze) step "$bin/repro-analyze" --run-dir "$dir" --out "$out/analysis" ;;
render) step "$bin/repro-render" --model "$out/analysis" --out "$out" ;;
*) say "unknown stage $stage"; exit 2 ;;
esac
exit $status
