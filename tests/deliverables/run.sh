#!/usr/bin/env bash
# run.sh - proves the deliverables work where their readers open them: renders a report model
# (tests/fixtures/model, or MODEL=dir) twice with repro-render, then checks that every file is
# byte-identical across the two renders, the workbook opens in LibreOffice with cells equal to
# the model's TSVs, the HTML loads in headless Chromium with every table and chart, and every SVG
# is XML. A missing tool is a failure, never a skip. Ends with "deliverables: N passed, N failed".
# BIN=dir takes repro-render from there (e.g. build/asan/bin, the sanitizer build); RENDER=path
# names the binary itself.
set -u
cd "$(dirname "$0")/../.."

MODEL=${MODEL:-tests/fixtures/model}
RENDER=${RENDER:-${BIN:-build/bin}/repro-render}
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

finish
