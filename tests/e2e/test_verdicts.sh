#!/usr/bin/env bash
# test_verdicts.sh - the verdicts on real archived samples, through repro-analyze and repro-render:
# tests/fixtures/run-t1 is Table 1 measured in host, oci and docker, 10 samples each (2026-12-01,
# this project's 2-core machine, a VM guest); tests/fixtures/run-others holds samples of three
# other tables from a second run. Checks: the headline claim "Docker is 38.5% slower" is refuted
# as no difference; T1's verdicts are the same with and without the other tables' samples; a
# malformed claims file fails with file:line and loses no row; a report analysed at 99% with
# Benjamini-Hochberg says so and never 95% or Holm.
#
#   tests/e2e/test_verdicts.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-verdicts.XXXXXX)
. tests/e2e/check.sh
claim() { # claim MODEL_DIR ID COLUMN
    awk -F '\t' -v id="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $1 == id { print $c[col] }' "$1/claims.tsv"
}
t1_rows() { awk -F '\t' '$2 == "T1"' "$1/claims.tsv"; }
analyze() { "$bin/repro-analyze" --run-dir "$1" --out "$2" "${@:3}" 2>>"$work/analyze.err"; }

echo "e2e: verdicts on the archived run tests/fixtures/run-t1, in $work"
cp -r tests/fixtures/run-t1 "$work/alone"
cp -r tests/fixtures/run-t1 "$work/with-others"
cp tests/fixtures/run-others/*.txt tests/fixtures/run-others/*.notes.tsv "$work/with-others/samples/"
analyze "$work/alone" "$work/a1"
analyze "$work/with-others" "$work/a2"

check "analyze accepts data/claims and data/tables.tsv" test ! -s "$work/analyze.err"
check "\"Docker is 38.5% slower\" is refuted" test "$(claim "$work/a1" T1.slower verdict)" = refuted
check "... worded as no detectable difference, with the slowdown it rules out" \
    grep -qE '^no detectable difference \([-+][0-9.]+%, \[[-+][0-9.]+%, [-+][0-9.]+%\]\); a slowdown above [0-9.]+% is ruled out: ' <(claim "$work/a1" T1.slower detail)
check "... and its effect is \"none\" (the tally's \"refuted: no effect\")" \
    test "$(claim "$work/a1" T1.slower effect)" = none
check "... by its interval at the family's level, which excludes 1.385" \
    awk -v lo="$(claim "$work/a1" T1.slower lo)" -v hi="$(claim "$work/a1" T1.slower hi)" \
        -v l="$(claim "$work/a1" T1.slower level)" 'BEGIN { exit !(lo < 1 && hi < 1.385 && l > 0.95) }'
check "the point estimate lies inside its interval in every claim" \
    awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["measured"] != "" && $c["lo"] != "" && ($c["measured"] < $c["lo"] || $c["measured"] > $c["hi"]) { bad = 1 }
        END { exit bad }' "$work/a1/claims.tsv"
check "the other tables were analysed too" grep -qP '^T4.3\t' "$work/a2/summary.tsv"
check "T1's verdicts are the same with and without the other tables" \
    cmp <(t1_rows "$work/a1") <(t1_rows "$work/a2")

# A claims file with a misspelled column: an error naming the file and line 1, every row kept.
cp -r data/claims "$work/claims"
sed -i '0,/^id\t/s/\ttolerance\t/\ttolerence\t/' "$work/claims/T2.5.tsv"
rows=$(cat data/claims/*.tsv | grep -v '^#' | grep -vc '^id')
analyze "$work/alone" "$work/a3" --claims "$work/claims"
rc=$?
check "a misspelled claims header makes analyze exit non-zero" test "$rc" -ne 0
check "... naming the file and line 1" grep -q "claims/T2.5.tsv:1: the header's column 11 is \"tolerence\"" "$work/analyze.err"
# (a failed analysis leaves the model as it was and keeps what it wrote in <out>.failed/)
check "... and every claim row still reaches claims.tsv ($rows)" \
    test "$(($(wc -l <"$work/a3.failed/claims.tsv") - 1))" -eq "$rows"
check "... the file's rows say why they were not judged" \
    test "$(grep -cP '^T2\.5\.[^\t]*\t.*\tnot measured\t.*invalid claim row' "$work/a3.failed/claims.tsv")" -eq \
        "$(grep -v '^#' data/claims/T2.5.tsv | grep -vc '^id')"

# Claims files written before comparability (an archived run's judged-with/claims): the same
# files without their last two columns still load, and every claim is judged as the article's thing.
mkdir -p "$work/old-claims"
for f in data/claims/*.tsv; do
    awk -F '\t' -v OFS='\t' '/^#/ { print; next } { NF -= 2; print }' "$f" >"$work/old-claims/${f##*/}"
done
: >"$work/analyze.err"
analyze "$work/alone" "$work/a5" --claims "$work/old-claims"
check "claims files without comparability still load (analyze exits 0)" test $? -eq 0
check "... with every claim judged as the article's thing (comparability same)" \
    test "$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["comparability"] != "same"' "$work/a5/claims.tsv" | wc -l)" -eq 0
check "... so T2.3's GPU claim, not applicable with today's file, is judged as before with the old one" \
    bash -c "[ \"\$(awk -F '\t' '\$1 == \"T2.3.gpu\" { print \$22 }' '$work/a5/claims.tsv')\" != 'not applicable' ] &&
        [ \"\$(awk -F '\t' '\$1 == \"T2.3.gpu\" { print \$22 }' '$work/a1/claims.tsv')\" = 'not applicable' ]"

# The settings a run was analysed with are the ones the report states.
analyze "$work/alone" "$work/a4" --conf 0.99 --adjust bh
"$bin/repro-render" --model "$work/a4" --out "$work/out" >>"$work/log" 2>&1
md=$work/out/report.md
check "a report analysed at 99% with BH says 99% and Benjamini–Hochberg" \
    bash -c "grep -q '99% confidence interval' '$md' && grep -q 'Benjamini–Hochberg' '$md'"
check "... and nowhere 95% or Holm" bash -c "! grep -qE '95% (CI|conf)|Holm' '$md'"
check "... in the workbook's column titles too" \
    python3 -c "import sys, zipfile; s = zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode(); sys.exit(not ('Benjamini–Hochberg' in s and 'Holm' not in s))" "$work/out/report.xlsx"
check "the answer words the headline's interval, which holds 1, as no detectable difference" \
    grep -qE '^\*\*On this machine\*\*: docker against host: no detectable difference .*; a slowdown above [0-9.]+% is ruled out' "$md"
check "... and states no point estimate as a finding" \
    bash -c "! grep -qE '^\*\*On this machine\*\*: docker is [0-9.]+% (slower|faster)' '$md'"
check "the tally keeps \"refuted: no effect\" apart" grep -qE '^\*\*Verdicts\*\* .*[0-9]+ \*\*refuted\*\*: no effect' "$md"
check "harness checks say passed, failed and not measured, never \"not passed\"" \
    bash -c "grep -qE 'Harness checks: [0-9]+: [0-9]+ (passed|failed|not measured)' '$md' && ! grep -q 'not passed' '$md'"
# The workbook's Summary sheet (sheet1) tallies as report.md does: refuted split by effect, and
# the harness checks' counts, in the same sentence.
summary_strings() {
    python3 - "$1" <<'PY'
import re, sys, zipfile
b = zipfile.ZipFile(sys.argv[1])
strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", b.read("xl/sharedStrings.xml").decode(), re.S)]
for i in re.findall(r'<c r="[A-Z]+[0-9]+"[^>]*t="s"[^>]*><v>([0-9]+)</v>', b.read("xl/worksheets/sheet1.xml").decode()):
    print(strings[int(i)].replace("&amp;", "&"))
PY
}
summary_strings "$work/out/report.xlsx" >"$work/summary.txt"
check "report.xlsx Summary: the tally row says \"refuted: no effect\", never a bare \"refuted\"" \
    bash -c "awk '/^Verdicts of/ { exit } { print }' '$work/summary.txt' >'$work/tally.xlsx' &&
             grep -qx 'refuted: no effect' '$work/tally.xlsx' && ! grep -qx 'refuted' '$work/tally.xlsx'"
check "report.xlsx Summary: report.md's tally sentence, harness checks included" \
    bash -c "sed -n 's/^\*\*Verdicts\*\*/Verdicts/p' '$md' | sed 's/\*\*//g' >'$work/tally.md' &&
             grep -qE 'Harness checks: [0-9]+: ' '$work/tally.md' && grep -qxFf '$work/tally.md' '$work/summary.txt'"
check "the settings give the samples per cell each table took" \
    grep -qE '^ *- samples per cell: as taken: T1 [0-9]+(–[0-9]+)?; asked for: ' "$md"
check "the how-to-read table lists every verdict word" \
    bash -c "for w in reproduced refuted contradicted inconclusive 'not measured' 'not reproducible' equal differs consistent 'other hardware' implausible pass fail; do grep -q \"^| \\*\\*\$w\\*\\* |\" '$md' || exit 1; done"

echo "verdicts: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
