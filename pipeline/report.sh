#!/usr/bin/env bash
# report.sh - chains the stages for `make report` and the per-stage targets.
#
#   pipeline/report.sh PROFILE RUN [STAGE]
#
# Without RUN: a new run (collect -> normalize -> archive -> analyze -> render); the archive
# commit also holds the claims, tables and templates it is judged with and the tool's git
# revision. With RUN=<id>: the archived run is extracted from the results repository and
# analysed and rendered again with the claims, tables and templates archived with it (the
# original report, byte for byte), nothing is collected; REJUDGE=1 judges it with today's
# instead, and the report says so. STAGE runs one stage only, on RUN or on the latest run.
# A new run first looks for an unfinished one (killed, or interrupted) of the same profile and
# settings in RUNS and continues it (repro-collect --resume); RESUME=no starts a new one, and
# RUN=<id> RESUME=yes continues that run (or says why it cannot).
# CLAIMS, TABLES and TEMPLATES name today's files [data/claims, data/tables.tsv, templates];
# REGIMES the known regimes [data/regimes.tsv], copied into the run (regimes.tsv) when it is
# archived, so RUN=<id> evaluates the regimes the run was judged with.
# PUSH=<remote> pushes the results repository to a shared remote after archiving (repro push).
# Every run records this machine's id and label (repro-archive machine; REPRO_MACHINE_ID and
# REPRO_MACHINE_LABEL override them). Whatever collect started is cleaned up on exit, also on
# failure or Ctrl-C. A failed cell or a
# malformed raw file does not stop the later stages; the exit status says it happened.
set -uo pipefail

profile=${1:-full}
run=${2:-}
stage=${3:-all}
bin=${BIN:-build/bin}
runs=${RUNS:-data/runs}
results=${RESULTS:-data/results}
out=${OUT:-out}
claims=${CLAIMS:-data/claims}
tables_file=${TABLES:-data/tables.tsv}
templates=${TEMPLATES:-templates}
regimes=${REGIMES:-data/regimes.tsv}
rejudge=${REJUDGE:-}
push=${PUSH:-}
resume=${RESUME:-auto}
case "$resume" in auto | yes | no) ;; *) echo "repro report: error: RESUME=$resume: yes, no or unset" >&2; exit 2 ;; esac
[ "$rejudge" = 0 ] && rejudge=
# The environments: every row of data/envs.tsv (ENVS_FILE), in its order, unless REPRO_ENVS
# names some (host-aa is the A/A control: the baseline again, a second interleaved arm of T1).
envs_file=${ENVS_FILE:-data/envs.tsv}
envs=${REPRO_ENVS:-$(awk -F'\t' '/^#/ { next } h++ { printf "%s%s", n++ ? "," : "", $1 }' "$envs_file")}
tables=${REPRO_TABLES:+--tables $REPRO_TABLES} # default: every table that has a workload

# The headline's environments, read from the data as the report picks its headline: the first
# ratio claim of the first table of tables.tsv, its environment and its baseline (a pseudo
# environment such as wsl2 resolved to the table's baseline; of alternatives such as docker|oci
# the first envs.tsv declares), and the environment of each
# `check` claim of that table against the same baseline and metric (the A/A control), in
# envs.tsv's order.
headline_envs() {
    local table
    table=$(awk -F'\t' '/^#/ { next } h++ { print $1; exit }' "$tables_file")
    awk -F'\t' -v table="$table" '
        FNR == 1 { file++ }
        /^#/ { next }
        file == 1 && !th++ { next }
        file == 1 { if ($1 == table) table_base = $4; next }
        file == 2 && !ch++ { for (i = 1; i <= NF; i++) col[$i] = i; next }
        file == 2 { kind = $col["kind"]; env = $col["env"]; base = $col["baseline"]
                    if (kind == "ratio" && !found++) { hl_env = env; hl_base = base; hl_metric = $col["metric"] }
                    else if (kind == "check") { chk_env[++n] = env; chk_base[n] = base; chk_metric[n] = $col["metric"] }
                    next }
        file == 3 && !eh++ { next }
        file == 3 { known[$1] = 1; order[++m] = $1 }
        # a claim may name alternatives (docker|oci: the first this machine declares)
        function first_known(alts,   a, i, k) {
            k = split(alts, a, "|")
            for (i = 1; i <= k; i++) if (a[i] in known) return a[i]
            return a[1]
        }
        END {
            if (!found) { print "no ratio claim in table " table > "/dev/stderr"; exit 1 }
            if (!(hl_base in known)) hl_base = table_base
            want[first_known(hl_env)] = want[hl_base] = 1
            for (i = 1; i <= n; i++) {
                b = chk_base[i] in known ? chk_base[i] : table_base
                if (b == hl_base && chk_metric[i] == hl_metric) want[first_known(chk_env[i])] = 1
            }
            for (i = 1; i <= m; i++) if (order[i] in want) printf "%s%s", k++ ? "," : "", order[i]
        }' "$tables_file" "$claims/$table.tsv" "$envs_file" ||
        { echo "repro report: error: the quick profile finds no headline in $claims/$table.tsv" >&2; return 1; }
}

case "$profile" in
full) # 6 rounds of every cell (with the ablation arms one round takes about 3 minutes here), then
    # the budget goes to the headline and its A/A control first (precision.h's ranks)
    reps=6 warmups=0 bench=BenchmarkFib40 quick= budget=28 precision=2 ;;
quick) # the headline's two environments and its A/A control only (headline_envs), so that the
    # quick answer's samples go to the headline: 6 rounds, then rounds of the headline's cells
    # toward +-3% within a 2.3-minute budget; every other table one smoke sample in those
    # environments. PROFILE=full runs every environment, PROFILE=why the ablation arms.
    reps=6 warmups=0 bench=BenchmarkFib40 quick="--quick --smoke" budget=2.3 precision=3
    [ -n "${REPRO_ENVS:-}" ] || envs=$(headline_envs) || exit 1 ;;
why) # the ablation arms with their references, on the arms' tables only (docs/mechanisms.md):
    # the quick profile's cheaper samples (every table answered, none as a smoke sample), 8 a
    # side at least, then rounds toward +-2% within the budget
    reps=8 warmups=0 bench=BenchmarkFib40 quick=--quick budget=28 precision=2
    [ -n "${REPRO_ENVS:-}" ] || envs=$(awk -F'\t' '/^#/ { next } !h++ { next }
        { row[++n] = $1 } $6 != "" { use[$1] = use[$6] = 1 }
        END { for (i = 1; i <= n; i++) if (use[row[i]]) printf "%s%s", k++ ? "," : "", row[i] }' "$envs_file")
    [ -n "${REPRO_TABLES:-}" ] || tables="--tables $(awk -F'\t' '/^#/ { next } !h++ { next }
        $6 != "" { m = split($5, t, ","); for (i = 1; i <= m; i++) if (t[i] != "" && !(t[i] in seen)) {
          seen[t[i]] = 1; printf "%s%s", k++ ? "," : "", t[i] } }' "$envs_file")" ;;
*) echo "repro report: error: unknown PROFILE '$profile' (full, quick or why)" >&2; exit 2 ;;
esac
# The full profile keeps within the issue's 30 minutes on a slower machine too: collect starts
# no round it cannot finish by then (run.tsv and the report say when that cut samples). Past its
# minimum (6 samples) a cell takes more rounds while a ratio interval a verdict uses is wider
# than +-precision % (precision.tsv), the headline's cells first. The quick profile answers
# Table 1's headline the same way (+-3%) and runs every other table as one smoke sample per cell.
reps=${REPRO_REPS:-$reps}
budget=${REPRO_BUDGET:-$budget}
precision=${REPRO_PRECISION-$precision}
bench=${REPRO_BENCH:-$bench}

say() { echo "repro report: $*" >&2; } # the prefix every command uses (cli.h)
status=0
step() { # runs a stage, remembering a failure but going on; returns the stage's status
    "$@"
    local rc=$?
    [ $rc -eq 0 ] || { say "$(basename "$1") failed (exit $rc)"; status=1; }
    return $rc
}

# The tool's revision: the checkout's HEAD, -dirty when its work tree has changes (also files
# git does not ignore yet), "unknown" outside a git checkout.
tool_revision() {
    local top rev
    top=$(dirname "$0")/..
    rev=$(git -C "$top" rev-parse HEAD 2>/dev/null) || { echo unknown; return; }
    [ -z "$(git -C "$top" status --porcelain 2>/dev/null)" ] || rev=$rev-dirty
    echo "$rev"
}
revision=$(tool_revision)

analyze() { step "$bin/repro-analyze" --run-dir "$1" --out "$out/analysis" --claims "$claims" --tables "$tables_file" --regimes "$regimes"; }
render() { step "$bin/repro-render" --model "$out/analysis" --out "$out" --templates "$templates"; }
# A failed analysis wrote nothing (the last good model stays): rendering that would show an
# older run's report as this one's, so the previous report is left as it was instead.
analyze_render() {
    if analyze "$1"; then
        render
    else
        say "analysis failed: $out/report.md and report.html are left as they were (not this run's)"
    fi
}
archive() {
    # the regimes it is judged with travel in the run (archived with it), as the claims do
    { cp "$regimes" "$dir/regimes.tsv.tmp" && mv "$dir/regimes.tsv.tmp" "$dir/regimes.tsv"; } ||
        { say "error: cannot copy $regimes into $dir"; status=1; return 1; }
    step "$bin/repro-archive" commit --run-dir "$dir" --repo "$results" --claims "$claims" \
        --tables "$tables_file" --templates "$templates" --revision "$revision"
}

check_id() {
    case "$run" in # <id> or <machine>/<id>
    .* | */.* | */*/* | *[!A-Za-z0-9._/-]*) say "error: RUN=$run: not a run id (repro-archive list)"; exit 2 ;;
    esac
}

# RUN=<id>: judged with the files archived with the run, unless REJUDGE or it has none.
rerender() {
    check_id
    dir=build/rerender/$run
    rm -rf "$dir"
    say "re-rendering archived run $run from $results"
    "$bin/repro-archive" extract --run "$run" --to "$dir" --repo "$results" \
        --revision "$revision" ${rejudge:+--rejudge} >/dev/null || exit 1
    local judged=$dir/judged-with
    if [ -n "$rejudge" ] || [ ! -d "$judged" ]; then
        if [ -d "$judged" ]; then
            say "REJUDGE: judging run $run with today's $claims, $tables_file, $templates" \
                "(revision $revision), not those archived with it (revision $(cat "$judged/revision"))"
        else
            say "run $run was archived without the claims that judged it: judging it with today's"
        fi
    else
        claims=$judged/claims tables_file=$judged/tables.tsv templates=$judged/templates
        if [ -f "$dir/regimes.tsv" ]; then
            regimes=$dir/regimes.tsv
        else
            say "run $run was archived without the regimes that judged it: evaluating today's $regimes"
        fi
        local was
        was=$(cat "$judged/revision")
        [ "$was" = "$revision" ] || say "note: run $run was judged by revision $was, this is" \
            "$revision: the report is the same when analyze and render still write the same"
    fi
    analyze_render "$dir"
    [ $status -eq 0 ] && say "wrote $out/report.md and $out/report.html for run $run"
    exit $status
}

[ -n "$run" ] && [ "$stage" = all ] && [ "$resume" != yes ] && rerender

# The settings that define the matrix: a run is resumed only with the same ones.
collect_args=(--envs "$envs" --envs-file "$envs_file" --bench "$bench" --reps "$reps" --warmups "$warmups" $quick $tables
    ${budget:+--budget "$budget"}
    ${precision:+--precision "$precision" --claims "$claims" --tables-file "$tables_file"}
    --set "profile=$profile")
# The newest run in RUNS that repro-collect says it can continue with these settings.
unfinished() {
    local d
    for d in $(ls -1 "$runs" 2>/dev/null | grep -E '^[0-9]{8}-[0-9]{6}$' | sort -r); do
        grep -q '^interrupted	no$' "$runs/$d/run.tsv" 2>/dev/null && continue
        "$bin/repro-collect" --check-resume --run-dir "$runs/$d" "${collect_args[@]}" 2>/dev/null &&
            { echo "$d"; return; }
    done
}

if [ "$stage" = all ] || [ "$stage" = collect ]; then
    id= resuming=
    if [ "$resume" = yes ] && [ -n "$run" ]; then
        check_id
        id=$run
        "$bin/repro-collect" --check-resume --run-dir "$runs/$id" "${collect_args[@]}" ||
            { say "RUN=$run RESUME=yes: run $run cannot be resumed (above)"; exit 1; }
    elif [ "$resume" != no ]; then
        id=$(unfinished)
    fi
    if [ -n "$id" ]; then
        resuming=--resume
        say "resuming the unfinished run $id (RESUME=no starts a new one)"
    else
        id=$(date -u +%Y%m%d-%H%M%S)
        while [ -e "$runs/$id" ]; do # a run that ended within the same second has this id
            sleep 0.2
            id=$(date -u +%Y%m%d-%H%M%S)
        done
    fi
    dir=$runs/$id
    mkdir -p "$dir"
    ln -sfn "$id" "$runs/latest"
    cleanup() { "$bin/repro-collect" --cleanup --run-dir "$dir" --envs "$envs" --envs-file "$envs_file" 2>/dev/null; }
    trap cleanup EXIT
    trap 'cleanup; exit 130' INT TERM
    pipeline/image.sh build/image "$bin/repro-probe" >&2 || exit 1
    # The vm driver's kernel and initramfs when a selected environment runs on that driver
    # (data/envs.tsv); without them such an environment says why it cannot run.
    if awk -F'\t' -v envs=",$envs," '!/^#/ && $2 == "vm" && index(envs, "," $1 ",") { f = 1 }
        END { exit !f }' "$envs_file"; then
        pipeline/vm-image.sh build/vm >&2 || say "vm-image failed: the vm will be unavailable"
    fi
    machine=$("$bin/repro-archive" machine) || exit 1
    machine_id=$(awk -F'\t' '$1 == "machine_id" { print $2 }' <<<"$machine")
    machine_label=$(awk -F'\t' '$1 == "machine_label" { print $2 }' <<<"$machine")
    say "run $id on machine $machine_id ($machine_label), profile $profile: $reps samples per environment ($envs)"
    step "$bin/repro-collect" --run-dir "$dir" $resuming "${collect_args[@]}" \
        --set "tool_revision=$revision" --set "machine_id=$machine_id" \
        --set "machine_label=$machine_label"
    [ "$stage" = collect ] && exit $status
else
    id=${run:-$(readlink "$runs/latest" 2>/dev/null)}
    [ -n "$id" ] || { say "no run yet: make collect (or make report) first"; exit 1; }
    dir=$runs/$id
fi

case "$stage" in
all)
    step "$bin/repro-normalize" --run-dir "$dir"
    archive >/dev/null
    [ -z "$push" ] || step "$bin/repro-archive" push "$push" --repo "$results" >&2
    analyze_render "$dir"
    [ $status -eq 0 ] && say "run $id: wrote $out/report.md, $out/report.html; archived in $results as $(awk -F'\t' '$1 == "archive_tag" { print $2 }' "$dir/archive.tsv")${push:+, pushed to $push}"
    ;;
normalize) step "$bin/repro-normalize" --run-dir "$dir" ;;
archive) archive ;;
analyze) analyze "$dir" ;;
render) render ;;
*) say "error: unknown stage $stage"; exit 2 ;;
esac
exit $status
