#!/usr/bin/env bash
# test_fleet_site.sh - `make site` on a small synthetic archive (3 machines x 3 runs, the second
# machine's oci time/op stepping up): every page is written, every link of every page resolves
# to a file of the site, nothing is loaded from outside (no absolute URL in any src, href or CSS
# url(); headless Chromium renders the pages with every host unresolvable), and screenshots of
# the index, fleet and history pages are kept in the test's directory to be looked at.
#
#   tests/e2e/test_fleet_site.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-site.XXXXXX)
. tests/e2e/check.sh
echo "e2e: make site on 3 machines x 3 runs, in $work"
tests/make-synthetic-archive.py "$work/results" 3 3 1 >>"$work/log" 2>&1
BIN=$bin RESULTS=$work/results OUT=$work/out "$bin/repro" site >>"$work/log" 2>&1
check "repro site exits 0" test $? -eq 0
site=$work/out/site
check "the site has an index, 9 run reports, 6 compare pages, 3 histories and the fleet page" \
    bash -c "test -f '$site/index.html' && test \$(ls '$site'/runs/*/*/report.html | wc -l) -eq 9 &&
        test \$(ls '$site'/compare/*/*/compare.html | wc -l) -eq 6 &&
        test \$(ls '$site'/history/*/history.html | wc -l) -eq 3 && test -f '$site/fleet/fleet.html'"
links() { # every link target of every page: "page<TAB>target"
    find "$site" -name '*.html' | while read -r page; do
        grep -oE '(href|src)="[^"#][^"]*"' "$page" | sed -E 's/^(href|src)="//; s/"$//' |
            sed "s|^|$page	|"
    done
}
links >"$work/links.tsv"
check "the pages link to each other ($(wc -l <"$work/links.tsv") links)" test -s "$work/links.tsv"
check "every link resolves to a file of the site" \
    bash -c "while IFS='	' read -r page target; do test -f \"\$(dirname \"\$page\")/\$target\" || { echo \"\$page: \$target\"; exit 1; }; done <'$work/links.tsv'"
check "nothing is loaded from outside: no absolute URL in src, href or url()" \
    bash -c "! grep -rlE '(src|href)=\"(https?:)?//|url\\((https?:)?//' '$site' --include=*.html"
shot() { # PAGE NAME: a headless Chromium screenshot with every host unresolvable; its profile
    # lives in $work and goes when the shot is taken (the screenshots are what is kept)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$work/chromium-$2" \
        --window-size=1200,1400 --screenshot="$work/$2.png" "file://$site/$1" >>"$work/chromium.log" 2>&1
    local rc=$?
    rm -rf "$work/chromium-$2"
    return $rc
}
if command -v chromium >/dev/null; then
    shot index.html index && shot fleet/fleet.html fleet && shot history/m-001/history.html history
    check "Chromium renders the index, fleet and history pages (screenshots in $work)" \
        bash -c "for p in index fleet history; do test -s '$work/'\$p.png || exit 1; done"
else
    check "Chromium is installed (apt-get install chromium)" false
fi
echo "site: $passed passed, $failed failed ($work kept for the screenshots)"
[ "$failed" -eq 0 ]
