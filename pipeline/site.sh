#!/usr/bin/env bash
# site.sh - `make site` / `repro site`: a static site of the results repository in $OUT/site/,
# self-contained files with relative links only, ready to copy to any static host:
#   index.html                 machines, their runs, each machine's latest verdicts (fleet)
#   runs/<machine>/<id>/       every run's report (report.html, re-rendered from the archive)
#   compare/<machine>/<a>..<b>/  consecutive runs of a machine compared
#   history/<machine>/         each machine's history;  fleet/  the fleet page
# RESULTS [data/results], OUT [out], CLAIMS, TABLES as for report.sh; BIN the programs.
set -uo pipefail
bin=${BIN:-build/bin}
results=${RESULTS:-data/results}
out=${OUT:-out}
claims=${CLAIMS:-data/claims}
tables=${TABLES:-data/tables.tsv}
site=$out/site
say() { echo "site: $*" >&2; }
rm -rf "$site.tmp" && mkdir -p "$site.tmp" || exit 1
status=0
judge=(--repo "$results" --claims "$claims" --tables "$tables")
"$bin/repro-history" "${judge[@]}" --out "$site.tmp/history" >/dev/null || status=1
runs=$("$bin/repro-archive" list --repo "$results" | cut -f1 | sort) || exit 1
prev_m= prev_id=
for name in $runs; do
    m=${name%%/*} id=${name#*/}
    RUNS=$site.tmp/.runs RESULTS=$results OUT=$site.tmp/runs/$m/$id BIN=$bin CLAIMS=$claims \
        TABLES=$tables pipeline/report.sh quick "$name" >>"$site.tmp/.log" 2>&1 ||
        { say "run $name: the report failed (see $site.tmp/.log)"; status=1; }
    rm -rf "$site.tmp/runs/$m/$id/analysis"
    if [ "$m" = "$prev_m" ]; then
        "$bin/repro-compare" "${judge[@]}" --out "$site.tmp/compare/$m/$prev_id..$id" \
            "$m/$prev_id" "$m/$id" >/dev/null || status=1
    fi
    prev_m=$m prev_id=$id
done
rm -rf "$site.tmp/.runs" "$site.tmp/.log"
# index.html (and .md, .xlsx): one list per machine, newest run first, a document like every
# page (the report's stylesheet), written after the pages it links to
"$bin/repro-fleet" "${judge[@]}" --out "$site.tmp/fleet" --site-index "$site.tmp" >/dev/null ||
    status=1
rm -rf "$site" && mv "$site.tmp" "$site" # the whole site at once, never half of one
say "wrote $site/index.html"
exit $status
