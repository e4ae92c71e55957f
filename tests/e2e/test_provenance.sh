#!/usr/bin/env bash
# test_provenance.sh - an archived run keeps what judged it: a small run (T1, fib(20), one sample
# in host and oci) archives its claims, tables, templates and the tool's revision; after a claim
# is edited RUN=<id> still renders the original report byte for byte, REJUDGE=1 judges it with
# the edited claim and says so, an archive without judged-with/ falls back to today's files and
# says so, and a tampered archive is refused. The regimes (data/regimes.tsv) travel in the run
# the same way: RUN=<id> evaluates the archived ones after they were edited, REJUDGE=1 today's.
# The claims and regimes edited are copies (CLAIMS=dir, REGIMES=file): the checkout's data is
# never touched.
#
#   tests/e2e/test_provenance.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-prov.XXXXXX)
export RUNS=$work/runs RESULTS=$work/results OUT=$work/out BIN=$bin CLAIMS=$work/claims
export REGIMES=$work/regimes.tsv
export REPRO_BENCH=BenchmarkFib20 REPRO_REPS=1 REPRO_ENVS=host,oci REPRO_TABLES=T1
export REPRO_MACHINE_ID=e2e-machine # runs are filed as machines/<machine>/runs/<id>/
unset REJUDGE TABLES TEMPLATES
. tests/e2e/check.sh
cp -r data/claims "$CLAIMS"
cp data/regimes.tsv "$REGIMES"
head=$(git rev-parse HEAD)
report() { pipeline/report.sh quick "$@" >>"$work/report.out" 2>&1; }
same() { for f in report.md report.html report.xlsx; do cmp "$work/first/$f" "$OUT/$f" || return 1; done; }
in_archive() { git -C "$RESULTS" show "run/e2e-machine/$id:machines/e2e-machine/runs/$id/$1"; }

echo "e2e: provenance on fib(20), 1 sample in host and oci, in $work"
report ""
check "the pipeline exits 0" test $? -eq 0
id=$(readlink "$RUNS/latest")
rev=$(in_archive judged-with/revision 2>/dev/null)
check "the archive commit holds the revision that judged the run: HEAD[-dirty] ($rev)" \
    bash -c "grep -qxE '$head(-dirty)?' <<<'$rev'"
check "the archive commit holds the claims, tables.tsv and the templates, as they were" \
    bash -c "diff <(git -C '$RESULTS' show 'run/e2e-machine/$id:machines/e2e-machine/runs/$id/judged-with/claims/T1.tsv') '$CLAIMS/T1.tsv' &&
        diff <(git -C '$RESULTS' show 'run/e2e-machine/$id:machines/e2e-machine/runs/$id/judged-with/tables.tsv') data/tables.tsv &&
        diff <(git -C '$RESULTS' show 'run/e2e-machine/$id:machines/e2e-machine/runs/$id/judged-with/templates/report.tmpl') templates/report.tmpl"
check "the archive commit holds the regimes the run was judged with, as they were" \
    bash -c "diff <(git -C '$RESULTS' show 'run/e2e-machine/$id:machines/e2e-machine/runs/$id/regimes.tsv') data/regimes.tsv"
check "run.tsv records the tool's revision" grep -qx "tool_revision	$rev" "$RUNS/$id/run.tsv"
statement="judged\\_with: the claims, tables and templates archived with this run (tool revision $rev)"
check "the report says what judged it" grep -qxF -- "  - $statement" "$OUT/report.md"
mkdir -p "$work/first"
cp "$OUT"/report.{md,html,xlsx} "$work/first/"

# A claim changes: the article's WSL2 peak RSS, 86 MB, becomes 172 MB.
sed -i -E 's/^(T1\.wsl2\.rss\t([^\t]*\t){6})90177536\t86 MB\t/\1180355072\t172 MB\t/' "$CLAIMS/T1.tsv"
check "the copy of the claims is edited (and data/claims is not)" \
    bash -c "grep -q '	172 MB	' '$CLAIMS/T1.tsv' && ! grep -q '172 MB' data/claims/T1.tsv"
# And a regime's text changes (every kernel from 5.16 on matches since-5.16: this one does).
sed -i -E 's/^(since-5\.16\t([^\t]*\t){8})[^\t]*/\1EDITED-REGIME-TEXT/' "$REGIMES"
check "the copy of the regimes is edited (and data/regimes.tsv is not)" \
    bash -c "grep -q 'EDITED-REGIME-TEXT' '$REGIMES' && ! grep -q 'EDITED-REGIME-TEXT' data/regimes.tsv"
rm -rf "$OUT"
report "$id"
check "RUN=$id re-renders after the claim and the regimes changed" test $? -eq 0
check "report.md, report.html and report.xlsx are byte-identical to the original ones" same
check "the re-rendered report still shows the archived claim (86 MB), not the edited one" \
    bash -c "grep -q '| 86 MB |' '$OUT/report.md' && ! grep -q '172 MB' '$OUT/report.md'"
check "and the archived regimes' text, not the edited one" \
    bash -c "grep -q 'no longer ties SSBD to seccomp' '$OUT/report.md' && ! grep -q 'EDITED-REGIME-TEXT' '$OUT/report.md'"

REJUDGE=1 report "$id"
check "RUN=$id REJUDGE=1 re-judges" test $? -eq 0
check "the re-judged report differs from the original (md and xlsx)" \
    bash -c "! cmp -s '$work/first/report.md' '$OUT/report.md' && ! cmp -s '$work/first/report.xlsx' '$OUT/report.xlsx'"
check "it judges the edited claim (172 MB)" grep -q '| 172 MB |' "$OUT/report.md"
check "and evaluates the edited regimes (REJUDGE: today's)" grep -q 'EDITED-REGIME-TEXT' "$OUT/report.md"
today=$head
[ -z "$(git status --porcelain)" ] || today=$head-dirty
export rejudged="re-judged with today's claims, tables and templates (tool revision $today) instead of the ones archived with this run (tool revision $rev)"
check "report.md and report.html say it was re-judged with today's claims, and by which revisions" \
    bash -c "grep -qxF -- \"  - judged\\\\_with: \$rejudged\" '$OUT/report.md' && grep -qF -- \"\$rejudged\" '$OUT/report.html'"

# A run archived before provenance was recorded: judged with today's files, and the report says so.
old=$work/old/20000101-000000
mkdir -p "$work/old" && cp -r "$RUNS/$id" "$old" && rm -f "$old/archive.tsv"
sed -i 's/^run_id\t.*/run_id\t20000101-000000/' "$old/run.tsv" # commit files it under run_id
"$bin/repro-archive" commit --run-dir "$old" --repo "$RESULTS" >>"$work/log" 2>&1
report 20000101-000000
check "an archive without judged-with/ re-renders with today's claims (172 MB) and says so" \
    bash -c "test $? -eq 0 && grep -q '| 172 MB |' '$OUT/report.md' &&
        grep -qE '^  - judged._with: today.s claims, tables and templates \(tool revision [0-9a-f]{40}(-dirty)?\): this run was archived without the ones that judged it$' '$OUT/report.md'"

# Tampered archives are refused, naming what is wrong: a revision file that is no revision, a
# tree entry ".." (which would write outside the run's directory), and a RUN that is no id. The
# tampered runs are filed as a single-machine archive had them (runs/<id>, tag run/<id>).
tree=$RESULTS/runs
mkdir -p "$tree" && cp -r "$RESULTS/machines/e2e-machine/runs/$id" "$tree/20000102-000000"
echo '../../etc/passwd' >"$tree/20000102-000000/judged-with/revision"
git -C "$RESULTS" add runs/20000102-000000 && git -C "$RESULTS" -c user.name=t -c user.email=t@t \
    commit -qm tampered && git -C "$RESULTS" tag run/20000102-000000
report 20000102-000000
check "a malformed judged-with/revision is refused with file:line" \
    bash -c "test $? -ne 0 && grep -q 'judged-with/revision:1: not one line holding a git object name' '$work/report.out'"
g() { git -C "$RESULTS" "$@"; }
blob=$(echo pwned | g hash-object -w --stdin)
t=$(printf '100644 blob %s\tpwned\n' "$blob" | g mktree)
for name in .. 20000103-000000 runs; do t=$(printf '040000 tree %s\t%s\n' "$t" "$name" | g mktree); done
g tag run/20000103-000000 "$(echo evil | g commit-tree "$t")"
report 20000103-000000
check "a tree entry '..' is refused and nothing is written outside the run's directory" \
    bash -c "test $? -ne 0 && grep -q \"runs/20000103-000000/..: a name that could leave\" '$work/report.out' &&
        ! test -e build/rerender/pwned"
report ../x
check "a RUN that is no run id is refused before anything is removed" \
    bash -c "test $? -eq 2 && grep -q 'RUN=../x: not a run id' '$work/report.out'"

check "make passes CLAIMS, TABLES, TEMPLATES and REJUDGE to the pipeline" \
    bash -c "make -n report RUN=x REJUDGE=1 CLAIMS=/c TABLES=/t TEMPLATES=/p | grep -F 'CLAIMS=\"/c\" TABLES=\"/t\" TEMPLATES=\"/p\" REJUDGE=\"1\"'"

echo "provenance: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
