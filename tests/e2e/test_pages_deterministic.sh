#!/usr/bin/env bash
# test_pages_deterministic.sh - compare, history and fleet write their pages through the report's
# renderers (one cmark-gfm document, the report's stylesheet, gnuplot charts): on a synthetic
# archive (3 machines x 8 runs, a step in m-000's oci time/op from its 5th run) two runs of each command give the same
# bytes in every file (MD, HTML, XLSX, the charts' SVG and PNG); the pages carry the report's
# stylesheet; history's charts are gnuplot's, inlined in the HTML and linked from the Markdown;
# no page keeps the hand-written CSS or SVG of before.
#
#   tests/e2e/test_pages_deterministic.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-pages.XXXXXX)
. tests/e2e/check.sh
echo "e2e: compare, history and fleet pages twice, in $work"
tests/make-synthetic-archive.py "$work/results" 3 8 4 >>"$work/log" 2>&1
ids=($(ls "$work/results/machines/m-000/runs"))
pages() { # OUT: every command once into OUT
    "$bin/repro" fleet --repo "$work/results" --out "$1/fleet" &&
        "$bin/repro" history --repo "$work/results" --out "$1/history" &&
        "$bin/repro" compare --repo "$work/results" --out "$1/compare" "m-000/${ids[0]}" "m-000/${ids[7]}"
}
pages "$work/a" >>"$work/log" 2>&1
check "fleet, history and compare exit 0" test $? -eq 0
pages "$work/b" >>"$work/log" 2>&1
check "... and again" test $? -eq 0
check "both times the same files (MD, HTML, XLSX, SVG, PNG, TSV), byte for byte" \
    bash -c "diff -r '$work/a' '$work/b' && test \$(find '$work/a' -name '*.svg' | wc -l) -ge 3 &&
        test \$(find '$work/a' \( -name '*.md' -o -name '*.html' -o -name '*.xlsx' \) | wc -l) -eq 15"
css=$(sed -n 2p templates/style.css)
check "every page carries the report's stylesheet (templates/style.css)" \
    bash -c "for f in \$(find '$work/a' -name '*.html'); do grep -qF -- '$css' \"\$f\" || { echo \"\$f\"; exit 1; }; done"
h=$work/a/history/m-000
check "history's charts are gnuplot's: an SVG and a PNG per series, inlined and linked" \
    bash -c "n=\$(ls '$h'/fig/*.svg | wc -l) && test \$n -ge 3 && test \$(ls '$h'/fig/*.png | wc -l) -eq \$n &&
        grep -q 'Produced by GNUPLOT\|<title>' '$h'/fig/*.svg &&
        test \$(grep -c '<figure class=\"chart\"' '$h/history.html') -eq \$n &&
        test \$(grep -c '](fig/history-' '$h/history.md') -eq \$n"
check "the planted step of m-000 is found in oci time/op and drawn there (a red line), not in host" \
    bash -c "grep -qP '^m-000\tT1\tns/op\toci\t' '$h/steps.tsv' &&
        grep -q 'rgb(198,  40,  40)' '$h'/fig/history-*-T1-time-op-oci.svg &&
        ! grep -q 'rgb(198,  40,  40)' '$h'/fig/history-*-T1-time-op-host.svg"
echo "pages: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
