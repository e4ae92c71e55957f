#!/usr/bin/env bash
# test_newcomer.sh - what a newcomer meets first, on a synthetic archive (2 machines x 3 runs,
# tests/make-synthetic-archive.py): history takes a machine's label as compare prints it, and an
# unknown one is refused listing the ids and labels there are; history's success line names the
# directory it wrote, never a placeholder; fleet judges a machine's latest run of a profile other
# than quick (m-000's middle run is made a full one) and says which; pipeline/deps.sh --help is
# its usage, not an error; a default path missing from the current directory says that defaults
# are relative to it and which option overrides it.
#
#   tests/e2e/test_newcomer.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
top=$PWD
bin=$(cd "${1:-build/bin}" && pwd)
work=$(mktemp -d /tmp/repro-newcomer.XXXXXX)
trap '[ "$failed" -eq 0 ] && rm -rf "$work"' EXIT
. tests/e2e/check.sh
echo "e2e: a newcomer's first commands, in $work"
python3 - "$work/results" 2 3 99 >>"$work/log" 2>&1 <<'PY'
import importlib.util
spec = importlib.util.spec_from_file_location("synth", "tests/make-synthetic-archive.py")
synth = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synth)
made = synth.run_files
def run_files(m, i, *rest):
    files = made(m, i, *rest)
    if m == 0 and i == 1:  # m-000: quick, full, quick
        files["run.tsv"] = files["run.tsv"].replace("profile\tquick\n", "profile\tfull\n")
    return files
synth.run_files = run_files
synth.main()
PY
runs0=($(ls "$work/results/machines/m-000/runs"))
runs1=($(ls "$work/results/machines/m-001/runs"))
judge=(--repo "$work/results" --claims data/claims --tables data/tables.tsv)

"$bin/repro" history "${judge[@]}" --out "$work/h1" --machine "synthetic 1" >"$work/h1.out" 2>&1
check "history --machine takes the label compare prints (synthetic 1)" test $? -eq 0
check "... and writes that machine's history, m-001" test -s "$work/h1/m-001/history.md"
check "its success line names the directory it wrote, no placeholder" \
    grep -qx "repro history: wrote $work/h1/m-001/history.md, history.html, history.xlsx (1 machine)" \
    "$work/h1.out"
"$bin/repro" history "${judge[@]}" --out "$work/h2" --machine m-000 >"$work/h2.out" 2>&1
check "history --machine still takes the id" test -s "$work/h2/m-000/history.md"
"$bin/repro" history "${judge[@]}" --out "$work/h3" --machine vm >"$work/h3.out" 2>&1
check "an unknown machine exits 1" test $? -eq 1
check "... listing the ids and labels there are" \
    grep -q 'no machine "vm": give one of its ids or labels: m-000 (synthetic 0), m-001 (synthetic 1)' \
    "$work/h3.out"
"$bin/repro" history "${judge[@]}" --out "$work/h4" >"$work/h4.out" 2>&1
check "every machine's history: the line says how many, and where each one goes" \
    grep -qx "repro history: wrote $work/h4/<machine id>/history.md, history.html, history.xlsx for 2 machines" \
    "$work/h4.out"

"$bin/repro" fleet "${judge[@]}" --out "$work/fleet" >>"$work/log" 2>&1
check "fleet judges m-000 on its full run, not the quick one after it, and says so" \
    grep -qE "^\| m-000 \|.*\| 3 \| ${runs0[1]} \(full\) \|$" "$work/fleet/fleet.md"
check "... and m-001, which has only quick runs, on its latest" \
    grep -qE "^\| m-001 \|.*\| 3 \| ${runs1[2]} \(quick\) \|$" "$work/fleet/fleet.md"

pipeline/deps.sh --help >"$work/deps.out" 2>&1
check "pipeline/deps.sh --help exits 0" test $? -eq 0
check "... with its usage and options" \
    bash -c "grep -q 'pipeline/deps.sh \[--plan\]' '$work/deps.out' && grep -q -- '--for test' '$work/deps.out'"

mkdir -p "$work/elsewhere"
(cd "$work/elsewhere" && "$bin/repro" compare --repo "$work/results" --out o "m-000/${runs0[0]}" \
    "m-000/${runs0[1]}") >"$work/cwd.out" 2>&1
check "compare outside the checkout exits 1" test $? -eq 1
check "... saying its default is relative to the current directory, and the option" \
    grep -qF "data/regimes.tsv: No such file or directory (default paths are relative to the current directory: run from the checkout or pass --regimes)" \
    "$work/cwd.out"
(cd "$work/elsewhere" && "$bin/repro" fleet --repo "$work/results" --out o) >"$work/cwd2.out" 2>&1
check "fleet outside the checkout names --tables" \
    grep -qF "data/tables.tsv: No such file or directory (default paths are relative to the current directory: run from the checkout or pass --tables" \
    "$work/cwd2.out"
(cd "$work/elsewhere" && "$bin/repro" compare --repo "$work/results" --out o \
    --regimes "$top/data/regimes.tsv" --claims "$top/data/claims" --tables nosuch.tsv \
    "m-000/${runs0[0]}" "m-000/${runs0[1]}") >"$work/cwd3.out" 2>&1
check "a path the user gave is only named, no hint about defaults" \
    bash -c "grep -q 'nosuch.tsv: No such file or directory' '$work/cwd3.out' && ! grep -q 'default paths' '$work/cwd3.out'"
(cd "$work/elsewhere" && "$bin/repro-render" --model "$top/tests/fixtures/model" --out o) \
    >"$work/cwd4.out" 2>&1
check "render outside the checkout: its templates default is relative too (--templates)" \
    grep -qF "nothing rendered, the previous report is left as it was (default paths are relative to the current directory: run from the checkout or pass --templates)" \
    "$work/cwd4.out"
echo "newcomer: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
