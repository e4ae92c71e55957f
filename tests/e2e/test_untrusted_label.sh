#!/usr/bin/env bash
# test_untrusted_label.sh - a results remote is untrusted input: a pulled run whose machine_label
# is the Markdown of a javascript: link must show as text on every page that shows it, never as
# a link. A synthetic archive (2 machines x 2 runs) whose machine m-001 carries that label goes
# through fleet, compare, history and the site; then, in every Markdown, HTML and workbook file
# written: no javascript: link (HTML href, a Markdown link, a workbook hyperlink), and where the
# label is shown (fleet, compare, each run's report) it is there whole, as text.
#
#   tests/e2e/test_untrusted_label.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-label.XXXXXX)
. tests/e2e/check.sh
label='[click me](javascript:alert(document.domain))'
echo "e2e: the label '$label' on every page, in $work"
LABEL=$label python3 - "$work/results" 2 2 1 >>"$work/log" 2>&1 <<'PY'
import importlib.util, os
spec = importlib.util.spec_from_file_location("synth", "tests/make-synthetic-archive.py")
synth = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synth)
made = synth.run_files
def run_files(m, *rest):
    files = made(m, *rest)
    if m == 1:
        files["run.tsv"] = files["run.tsv"].replace("machine_label\tsynthetic 1\n",
                                                    "machine_label\t%s\n" % os.environ["LABEL"])
    return files
synth.run_files = run_files
synth.main()
PY
check "the archive holds m-001's runs with the label" \
    grep -qF "machine_label	$label" "$work/results/machines/m-001/runs/$(ls "$work/results/machines/m-001/runs" | head -1)/run.tsv"
judge=(--repo "$work/results")
ids=($(ls "$work/results/machines/m-001/runs"))
"$bin/repro" fleet "${judge[@]}" --out "$work/fleet" >>"$work/log" 2>&1
check "repro fleet exits 0" test $? -eq 0
"$bin/repro" compare "${judge[@]}" --out "$work/compare" "m-001/${ids[0]}" "m-000/$(ls "$work/results/machines/m-000/runs" | head -1)" >>"$work/log" 2>&1
check "repro compare exits 0" test $? -eq 0
"$bin/repro" history "${judge[@]}" --out "$work/history" >>"$work/log" 2>&1
check "repro history exits 0" test $? -eq 0
BIN=$bin RESULTS=$work/results OUT=$work/out "$bin/repro" site >>"$work/log" 2>&1
check "repro site exits 0" test $? -eq 0

# untrusted.py FILE...: the first javascript: link in any of them ("file: what"), exit 1; else 0.
# HTML: an href/src whose value (entities decoded, blanks dropped) starts with javascript:;
# Markdown: an unescaped [text](javascript:...); a workbook: a hyperlink target of javascript:.
cat >"$work/untrusted.py" <<'PY'
import html, re, sys, zipfile
def bad(path):
    if path.endswith(".xlsx"):
        z = zipfile.ZipFile(path)
        for n in z.namelist():
            if n.endswith(".rels") and re.search(rb'Target="\s*javascript:', z.read(n), re.I):
                return "a hyperlink to javascript: in " + n
        return None
    text = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        for v in re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', text, re.I):
            if re.sub(r"\s", "", html.unescape(v)).lower().startswith("javascript:"):
                return "a link to " + v
        return None
    m = re.search(r'(?<!\\)\[[^\]\n]*(?<!\\)\]\(\s*javascript:', text, re.I)
    return "a Markdown link: " + m.group(0) if m else None
status = 0
for p in sys.argv[1:]:
    why = bad(p)
    if why:
        print("%s: %s" % (p, why))
        status = 1
sys.exit(status)
PY
pages() { find "$work/fleet" "$work/compare" "$work/history" "$work/out/site" \( -name '*.md' -o -name '*.html' -o -name '*.xlsx' \) | sort; }
check "the pages are there ($(pages | wc -l) files: fleet, compare, history and the site, MD, HTML and XLSX)" \
    bash -c "test \$(ls '$work'/fleet/fleet.{md,html,xlsx} '$work'/compare/compare.{md,html,xlsx} '$work'/history/m-001/history.{md,html,xlsx} '$work'/out/site/runs/m-001/*/report.{md,html,xlsx} 2>/dev/null | wc -l) -eq 15"
check "no page holds a javascript: link (HTML href or src, Markdown link, workbook hyperlink)" \
    python3 "$work/untrusted.py" $(pages)
# has FILE...: each file shows the label whole (in HTML, as escaped text; in a workbook, as a
# string cell; in Markdown, with its brackets escaped so it stays text).
has() {
    for f in "$@"; do
        case $f in
        *.html) grep -qF "$label" "$f" ;;
        *.xlsx) python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(sys.argv[2].encode() not in z.read("xl/sharedStrings.xml"))' "$f" "$label" ;;
        *.md) grep -qF '\[click me\](javascript:alert(document.domain))' "$f" ;;
        esac || { echo "$f: the label is not there as text"; return 1; }
    done
}
check "the fleet page shows the label as text (MD, HTML, XLSX; and the site's copy)" \
    has "$work"/fleet/fleet.{md,html,xlsx} "$work"/out/site/fleet/fleet.{md,html,xlsx}
check "the compare page shows the label as text (MD, HTML, XLSX)" has "$work"/compare/compare.{md,html,xlsx}
check "each run's report on the site shows the label as text (MD, HTML, XLSX)" \
    has "$work"/out/site/runs/m-001/*/report.{md,html,xlsx}
echo "untrusted-label: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
