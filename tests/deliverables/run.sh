#!/usr/bin/env bash
# run.sh - proves the deliverables work where their readers open them: renders a report model
# (tests/fixtures/model, or MODEL=dir) twice with repro-render, then checks that every file is
# byte-identical across the two renders, the workbook opens in LibreOffice with cells equal to
# the model's TSVs, the HTML loads in headless Chromium with every table and chart, and every SVG
# is XML. Then the parity of the formats: on the fixture and on a model with every problem a run
# can have (problem-model.sh: an unavailable environment, a failed cell, a TCG vm, metrics no
# environment measured, run strings that are HTML or formulas), every fact of the model must be
# in report.md, report.html and report.xlsx, and the check must fail when one format loses one;
# the forest plots; the page in Chromium at desktop and phone widths (browser.js: the answer on
# the first screen, no overlapping chart text), with screenshots in SHOTS [a temp dir]; a model
# analysed at 99% with Benjamini-Hochberg says so everywhere. A missing tool is a failure, never
# a skip. Ends with "deliverables: N passed, N failed".
# BIN=dir takes repro-render and repro-analyze from there (e.g. build/asan/bin, the sanitizer
# build); RENDER=path names the render binary itself.
set -u
cd "$(dirname "$0")/../.."

MODEL=${MODEL:-tests/fixtures/model}
RENDER=${RENDER:-${BIN:-build/bin}/repro-render}
ANALYZE=${BIN:-build/bin}/repro-analyze
CHECKS=tests/deliverables/checks.py
passed=0 failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }
# Runs a checks.py subcommand and counts its "ok - " / "FAIL - " lines.
py_checks() {
    local out
    out=$(python3 "$CHECKS" "$@" 2>&1)
    local rc=$?
    echo "$out"
    passed=$((passed + $(grep -c '^ok - ' <<<"$out")))
    failed=$((failed + $(grep -c '^FAIL - ' <<<"$out")))
    if [ "$rc" -ne 0 ] && ! grep -q '^FAIL - ' <<<"$out"; then
        fail "checks.py $1 exited $rc"
    fi
}
finish() {
    echo "deliverables: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- tools: Debian packages gnuplot-nox, libreoffice-calc-nogui, chromium, python3 ------------
for tool in gnuplot:gnuplot-nox soffice:libreoffice-calc-nogui chromium:chromium python3:python3; do
    if command -v "${tool%%:*}" >/dev/null; then
        ok "${tool%%:*} is installed"
    else
        fail "${tool%%:*} is not installed (Debian package ${tool#*:})"
    fi
done
command -v python3 >/dev/null || finish

if [ ! -x "$RENDER" ]; then
    make --no-print-directory "$RENDER" >"$work/make.log" 2>&1 || cat "$work/make.log"
fi
[ -x "$RENDER" ] && ok "$RENDER is built" || { fail "$RENDER could not be built"; finish; }
[ -f "$MODEL/claims.tsv" ] && ok "model $MODEL exists" || { fail "no model in $MODEL"; finish; }

help=$("$RENDER" --help)
missing=""
for f in report.md report.html report.xlsx fig/ bar.gp strip.gp; do
    grep -qF "$f" <<<"$help" || missing="$missing $f"
done
[ -z "$missing" ] && ok "--help documents every output and template" ||
    fail "--help does not mention:$missing"

# ---- render twice, with a private TMPDIR that must end up empty -------------------------------
for n in 1 2; do
    mkdir -p "$work/tmp$n"
    if TMPDIR="$work/tmp$n" "$RENDER" --model "$MODEL" --out "$work/out$n" 2>"$work/render$n.err"
    then
        ok "render $n succeeds"
    else
        fail "render $n: $(cat "$work/render$n.err")"
        finish
    fi
    [ -s "$work/render$n.err" ] && fail "render $n wrote to stderr: $(cat "$work/render$n.err")"
    [ -z "$(ls -A "$work/tmp$n")" ] && ok "render $n leaves no temp files" ||
        fail "render $n left temp files: $(ls -A "$work/tmp$n")"
done
out=$work/out1

(cd "$work/out1" && find . -type f | sort) >"$work/files1"
(cd "$work/out2" && find . -type f | sort) >"$work/files2"
cmp -s "$work/files1" "$work/files2" && ok "both renders wrote the same files" ||
    fail "the renders wrote different files: $(diff "$work/files1" "$work/files2" | tr '\n' ' ')"
differ=""
for ext in md html xlsx svg png; do
    n=0
    while read -r f; do
        case "$f" in *".$ext") ;; *) continue ;; esac
        n=$((n + 1))
        cmp -s "$work/out1/$f" "$work/out2/$f" || differ="$differ $f"
    done <"$work/files1"
    [ "$n" -gt 0 ] || fail "no .$ext file was rendered"
done
[ -z "$differ" ] && ok "rendering twice gives identical bytes (md, html, xlsx, svg, png)" ||
    fail "files differ between renders:$differ"

# ---- charts -----------------------------------------------------------------------------------
py_checks figures "$out" "$MODEL"

# ---- the workbook in LibreOffice: every sheet to CSV, then cell by cell against the TSVs ------
if command -v soffice >/dev/null; then
    # Filter options: comma, double quote, UTF-8, from line 1, raw values (not as shown), and
    # sheet -1 = every sheet to <name>-<Sheet>.csv (LibreOffice 7.2 or later; Debian 12 has 7.4).
    filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
    mkdir -p "$work/csv"
    if timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
        --convert-to "$filter" --outdir "$work/csv" "$out/report.xlsx" >"$work/soffice.log" 2>&1 &&
        [ -n "$(ls "$work/csv")" ]; then
        ok "LibreOffice opens report.xlsx and exports its sheets"
        py_checks workbook "$work/csv" "$MODEL"
    else
        fail "LibreOffice could not convert report.xlsx: $(cat "$work/soffice.log")"
    fi
else
    fail "workbook not checked: soffice missing"
fi

# ---- the HTML in headless Chromium ------------------------------------------------------------
if command -v chromium >/dev/null; then
    if timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        "--user-data-dir=$work/chromium-profile" --dump-dom "file://$out/report.html" \
        >"$work/dom.html" 2>"$work/chromium.log" && [ -s "$work/dom.html" ]; then
        ok "Chromium loads report.html"
        py_checks html "$work/dom.html" "$out/report.md" "$MODEL"
    else
        fail "Chromium could not load report.html: $(tail -n 5 "$work/chromium.log")"
    fi
else
    fail "HTML not checked: chromium missing"
fi

# ---- parity: every fact of the model in every format -------------------------------------------
# export_csv XLSX DIR: every sheet of the workbook to DIR/<name>-<Sheet>.csv through LibreOffice.
export_csv() {
    mkdir -p "$2"
    timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
        --convert-to "$filter" --outdir "$2" "$1" >"$work/soffice.log" 2>&1 && [ -n "$(ls "$2")" ]
}
# probe HTML WIDTH HEIGHT NAME: the page with browser.js in Chromium; checks.py browser reads it;
# and a screenshot SHOTS/NAME.png of the same window.
probe() {
    cp "$1" "$work/probe.html"
    { echo "<script>"; cat tests/deliverables/browser.js; echo "</script>"; } >>"$work/probe.html"
    local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
        --disable-background-networking --disable-component-update --disable-sync
        "--user-data-dir=$work/chromium-$4" "--window-size=$2,$3")
    timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/probe.html" >"$work/$4.dom" 2>/dev/null
    py_checks browser "$work/$4.dom"
    timeout 120 chromium "${flags[@]}" "--screenshot=$SHOTS/$4.png" "file://$1" >/dev/null 2>&1
    [ -s "$SHOTS/$4.png" ] && ok "screenshot $SHOTS/$4.png ($2x$3)" || fail "no screenshot $4.png"
}
SHOTS=${SHOTS:-$work/shots}
mkdir -p "$SHOTS"
[ -x "$ANALYZE" ] || make --no-print-directory "$ANALYZE" >"$work/make.log" 2>&1 || cat "$work/make.log"
problems=$work/problem-model
if tests/deliverables/problem-model.sh "$ANALYZE" "$problems" &&
    "$RENDER" --model "$problems" --out "$work/outp" 2>"$work/renderp.err"; then
    ok "a model with every kind of problem renders"
else
    fail "the problem model: $(cat "$work/renderp.err")"
    finish
fi
export_csv "$out/report.xlsx" "$work/csv" || fail "LibreOffice: $(cat "$work/soffice.log")"
py_checks parity "$MODEL" "$out/report.md" "$out/report.html" "$work/csv"
export_csv "$work/outp/report.xlsx" "$work/csvp" || fail "LibreOffice: $(cat "$work/soffice.log")"
py_checks parity "$problems" "$work/outp/report.md" "$work/outp/report.html" "$work/csvp"
py_checks workbook "$work/csvp" "$problems"
py_checks charts "$work/outp" "$problems"
py_checks charts "$out" "$MODEL"
py_checks injection "$work/outp"

# The parity check can fail: each format in turn loses one fact, and the check must say so.
expect_fail() { # WHAT FORMAT ARGS...: checks.py parity ARGS must fail for FORMAT
    local what=$1 format=$2
    shift 2
    if python3 "$CHECKS" parity "$@" 2>&1 | grep -q "^FAIL - $format shows every fact"; then
        ok "parity fails when $format loses $what"
    else
        fail "parity did not notice $format losing $what"
    fi
}
mkdir -p "$work/mut"
sed 's/no rootful podman here//g' "$work/outp/report.md" >"$work/mut/report.md"
expect_fail "an unavailable environment's reason" report.md \
    "$problems" "$work/mut/report.md" "$work/outp/report.html" "$work/csvp"
sed 's/EMULATED CPU (TCG)//Ig; s/emulated CPU (TCG)//g' "$work/outp/report.html" >"$work/mut/report.html"
expect_fail "the TCG flag" report.html \
    "$problems" "$work/outp/report.md" "$work/mut/report.html" "$work/csvp"
cp -r "$work/csvp" "$work/mut/csv"
sed -i 's/failed cell//g' "$work"/mut/csv/*-T1.csv
expect_fail "a failed cell" report.xlsx \
    "$problems" "$work/outp/report.md" "$work/outp/report.html" "$work/mut/csv"
cp -r "$work/csvp" "$work/mut/csv2"
sed -i 's/samples per cell: [0-9]*//g' "$work"/mut/csv2/*-Summary.csv
expect_fail "the n per cell" report.xlsx \
    "$problems" "$work/outp/report.md" "$work/outp/report.html" "$work/mut/csv2"
cp -r "$work/csvp" "$work/mut/csv3"
sed -i 's/the baseline measured twice//g' "$work"/mut/csv3/*-Summary.csv
expect_fail "the A/A noise floor" report.xlsx \
    "$problems" "$work/outp/report.md" "$work/outp/report.html" "$work/mut/csv3"
sed "s/half-width: ±[0-9.]*%//g" "$work/outp/report.md" >"$work/mut/report2.md"
expect_fail "the achieved precision" report.md \
    "$problems" "$work/mut/report2.md" "$work/outp/report.html" "$work/csvp"

# ---- the page in Chromium: first screen, charts, phone -----------------------------------------
probe "$out/report.html" 1366 768 fixture-desktop
probe "$work/outp/report.html" 1366 768 problems-desktop
probe "$work/outp/report.html" 390 844 problems-phone
size=$(wc -c <"$work/outp/report.html")
defs=$(grep -o '<defs>' "$work/outp/report.html" | wc -l)
[ "$defs" -eq 1 ] && ok "the charts share one <defs> block (report.html: $size bytes)" ||
    fail "report.html repeats the charts' <defs> $defs times"
grep -q '@media print' "$work/outp/report.html" && ok "report.html has a print stylesheet" ||
    fail "report.html has no print stylesheet"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    "--user-data-dir=$work/chromium-print" --no-pdf-header-footer "--print-to-pdf=$SHOTS/problems.pdf" \
    "file://$work/outp/report.html" >/dev/null 2>&1
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' "$SHOTS/problems.pdf" 2>/dev/null)
[ "${pages:-0}" -gt 1 ] && ok "report.html prints ($pages pages: $SHOTS/problems.pdf)" ||
    fail "report.html did not print to PDF"

# ---- a render that cannot draw: everything else is written, nothing stale is left -----------
mkdir -p "$work/nognu/fig" "$work/nobin"
echo "a previous run's report" >"$work/nognu/report.md"
echo "<svg/>" >"$work/nognu/fig/old-chart.svg"
PATH=$work/nobin "$RENDER" --model "$MODEL" --out "$work/nognu" >"$work/nognu.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok "without gnuplot render exits 1" || fail "without gnuplot render exited $rc"
[ -s "$work/nognu/report.html" ] && [ -s "$work/nognu/report.xlsx" ] &&
    grep -q '^\*Chart not drawn (T1: each environment' "$work/nognu/report.md" &&
    grep -q 'class="chart-missing"' "$work/nognu/report.html" &&
    ok "... but writes report.md, report.html and report.xlsx, each chart's place saying why" ||
    fail "without gnuplot: $(head -c 300 "$work/nognu.log")"
! grep -q "a previous run's report" "$work/nognu/report.md" && [ ! -e "$work/nognu/fig/old-chart.svg" ] &&
    ok "... and leaves nothing of the previous report in out/" ||
    fail "the previous run's files are still in out/: $(ls "$work/nognu/fig")"

# ---- the settings a model was analysed with, everywhere ----------------------------------------
if tests/deliverables/problem-model.sh "$ANALYZE" "$work/model99" --conf 0.99 --adjust bh &&
    "$RENDER" --model "$work/model99" --out "$work/out99" 2>"$work/render99.err" &&
    export_csv "$work/out99/report.xlsx" "$work/csv99"; then
    py_checks parity "$work/model99" "$work/out99/report.md" "$work/out99/report.html" "$work/csv99"
    said=$(cat "$work/out99/report.md" "$work/csv99"/*.csv; sed 's/<[^>]*>//g' "$work/out99/report.html")
    if grep -qE '95% (CI|conf)|95%\]|Holm' <<<"$said"; then
        fail "a report at 99% with BH still says 95% or Holm: $(grep -oE '.{30}(95% (CI|conf)|95%\]|Holm).{10}' <<<"$said" | head -3)"
    else
        ok "a report at 99% with Benjamini–Hochberg says 95% and Holm nowhere"
    fi
else
    fail "the 99% model: $(cat "$work/render99.err")"
fi

finish
