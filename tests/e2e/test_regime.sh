#!/usr/bin/env bash
# test_regime.sh - where the article's headline would hold, through repro-analyze and repro-render
# only: tests/fixtures/run-wsl2-515 carries a WSL2 5.15 machine's posture (kernel 5.15.153.1,
# the container's "Speculation_Store_Bypass: thread force mitigated" under Docker's seccomp
# filter), tests/fixtures/run-t1 this machine's (Linux 6.18, no SSBD control). Checks: the regime
# each environment is in (regimes.tsv), the sentence beside the headline verdict in report.md,
# report.html and report.xlsx's first sheet ("The mechanism applies here" there, "does not act
# here" on 6.18), the posture rows of the environments section and of the workbook, and a
# malformed data/regimes.tsv refused naming file:line.
#
#   tests/e2e/test_regime.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-regime.XXXXXX)
trap '[ "$failed" -eq 0 ] && rm -rf "$work"' EXIT
. tests/e2e/check.sh
regime() { # regime MODEL_DIR ENV COLUMN
    awk -F '\t' -v env="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $1 == "env" && $2 == env { print $c[col] }' "$1/regimes.tsv"
}
# xlsx_text BOOK: every string of the workbook, one a line; sheet1 is Summary.
xlsx_summary() {
    python3 - "$1" <<'PY'
import re, sys, zipfile
b = zipfile.ZipFile(sys.argv[1])
strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", b.read("xl/sharedStrings.xml").decode(), re.S)]
sheet = b.read("xl/worksheets/sheet1.xml").decode()
for i in re.findall(r'<c r="[A-Z]+[0-9]+"[^>]*t="s"[^>]*><v>([0-9]+)</v>', sheet):
    print(strings[int(i)])
PY
}
xlsx_all() { python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())' "$1"; }

for fx in run-wsl2-515 run-t1; do
    cp -r "tests/fixtures/$fx" "$work/$fx"
    "$bin/repro-analyze" --run-dir "$work/$fx" --out "$work/$fx.model" >>"$work/log" 2>&1
    "$bin/repro-render" --model "$work/$fx.model" --out "$work/$fx.out" >>"$work/log" 2>&1
done
w=$work/run-wsl2-515 t=$work/run-t1
echo "e2e: regimes on a WSL2 5.15 machine ($w) and on Linux 6.18 ($t)"
check "WSL2 5.15: docker is in regime pre-5.16-seccomp-filter" \
    test "$(regime "$w.model" docker regime)" = pre-5.16-seccomp-filter
check "... and its own status agrees (thread force mitigated)" test "$(regime "$w.model" docker agrees)" = yes
check "WSL2 5.15: the host, without a filter, is not forced" \
    test "$(regime "$w.model" host regime)" = pre-5.16-no-filter
check "Linux 6.18: docker is in regime since-5.16" test "$(regime "$t.model" docker regime)" = since-5.16
for f in report.md report.html; do
    check "WSL2 5.15, $f: the mechanism applies here, beside the headline" \
        grep -q "Where it would hold.*The mechanism applies here" "$w.out/$f"
    check "Linux 6.18, $f: it does not act here, nor on the kernel the article names (line 37)" \
        grep -q "Where it would hold.*The mechanism does not act here: .*The article names its own platform: WSL2 with kernel linux-msft-wsl-6.6.18+ (source-article.txt line 37, §2.1).*There (regime since-5.16) .*so this mechanism cannot explain the article.s .*Docker 38.5% slower.* on the platform it states" "$t.out/$f"
    check "Linux 6.18, $f: it would act on WSL2's 5.15 kernels, which the article does not name" \
        grep -q "Where it would hold.*It would act on the 5.15 kernels WSL2 shipped until 2025 .*which the article does not name (regime pre-5.16-seccomp-filter): .*this run cannot observe it" "$t.out/$f"
    check "$f: the article's platform is never said to be 5.15" \
        bash -c "! grep -qE 'article.s platform \\(kernel 5.15' '$t.out/$f' '$w.out/$f'"
    check "WSL2 5.15, $f: it applies here, as the rules expect of WSL2's 5.15 kernels" \
        grep -q "Where it would hold.*The mechanism applies here: .*It would act on the 5.15 kernels WSL2 shipped until 2025.*(regime pre-5.16-seccomp-filter), as it does here" "$w.out/$f"
    check "Linux 6.18, $f: no verdict word 'not here' and no 'it does' stated as a fact" \
        bash -c "! grep -qE 'Where it would hold[^:]*: not here|platform [^.]* it does:' '$t.out/$f'"
    check "Linux 6.18, $f: no SSBD control to emulate it with, said in words (ENXIO)" \
        grep -q "It cannot be emulated here either: PR.*GET.*SPECULATION.*CTRL says none (0x2) for SSBD: the CPU or hypervisor offers no per-thread control.*ENXIO" "$t.out/$f"
done
check "the sentence comes before the claims table in report.md" \
    awk '/Where it would hold/ { w = NR } /^\| *Claim/ && !c { c = NR } END { exit !(w && (!c || w < c)) }' "$w.out/report.md"
check "WSL2 5.15, report.xlsx Summary: where it would hold, the mechanism applies" \
    bash -c "$(declare -f xlsx_summary); xlsx_summary '$w.out/report.xlsx' | grep -A1 -x 'where it would hold' | grep -q 'The mechanism applies here'"
check "Linux 6.18, report.xlsx Summary: it does not act here" \
    bash -c "$(declare -f xlsx_summary); xlsx_summary '$t.out/report.xlsx' | grep -A1 -x 'where it would hold' | grep -q 'The mechanism does not act here'"
check "environments section: seccomp 0 on host and oci, 2 in docker" \
    grep -qx '| seccomp | 0 | 0 | 2 |' "$t.out/report.md"
check "environments section: docker's Speculation_Store_Bypass on WSL2" \
    grep -qx '| ssb | thread vulnerable | thread vulnerable | thread force mitigated |' "$w.out/report.md"
check "workbook Environments sheet: the posture rows" \
    bash -c "$(declare -f xlsx_all); xlsx_all '$w.out/report.xlsx' | grep -q 'posture: ssbd-control'"
check "the model has posture.tsv with every environment's rows" \
    test "$(cut -f1 "$w.model/posture.tsv" | sort -u | tr '\n' ' ')" = "docker env host oci "

# normalize gathers the posture lines of good T1 samples (and skips a failed cell's).
n=$work/norm
mkdir -p "$n/raw/T1/host" "$n/raw/T1/docker"
printf 'key\tvalue\nrun_id\t20261206-000000\n' >"$n/run.tsv"
printf 'env\tstatus\treason\twhat\nhost\tok\t\tx\ndocker\tok\t\tx\n' >"$n/envs.tsv"
printf 'table\tenv\trep\tstatus\tseconds\tdetail\n' >"$n/cells.tsv"
for env in host docker; do
    for rep in 1 2; do
        status=ok
        [ "$env$rep" = docker2 ] && status=failed
        printf 'T1\t%s\t%s\t%s\t1\t%s\n' "$env" "$rep" "$status" "$status" >>"$n/cells.tsv"
        { printf 'posture-seccomp: %s\nposture-ssb: vulnerable\n' "$([ "$env$rep" = docker2 ] && echo 0 || ([ $env = docker ] && echo 2 || echo 0))"
          cat tests/fixtures/raw/gotest-fib20-docker.out; } >"$n/raw/T1/$env/00$rep.out"
    done
done
"$bin/repro-normalize" --run-dir "$n" >>"$work/log" 2>&1
check "normalize writes samples/posture.tsv from T1's good samples" \
    grep -qxP 'docker\tseccomp\t2\t1' "$n/samples/posture.tsv"
check "... each value with the samples that printed it" grep -qxP 'host\tseccomp\t0\t2' "$n/samples/posture.tsv"

# A malformed regimes file: analyze names file:line and exits 1.
sed 's/^since-5\.16\t5\.16/since-5.16\t5/' data/regimes.tsv >"$work/bad-regimes.tsv"
"$bin/repro-analyze" --run-dir "$t" --out "$work/bad.model" --regimes "$work/bad-regimes.tsv" \
    >"$work/bad.out" 2>&1
check "a bad kernel_from fails analyze" test $? -eq 1
check "... naming file:line" grep -qE "bad-regimes.tsv:[0-9]+: kernel_from \"5\"" "$work/bad.out"
echo "regime: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
