#!/usr/bin/env bash
# test_arms.sh - the ablation arms for real (docs/mechanisms.md, "Arms"): host, oci and their
# seccomp, capabilities, no_new_privs, namespaces, limits and rootfs arms on T1 (fib(20)) and S1, two samples each, and the
# netns arm prepared (it runs only T4.4: none here); each arm's self-check passes and is in meta.tsv, the benchmark inside host-seccomp reports its filter and oci-noseccomp none, a
# speculation arm this machine cannot apply is unavailable with prctl's errno (or, where the CPU
# offers the control, passes its check), an arm whose factor cannot take effect (no-seccomp on
# the host, which has no filter) fails its check and has no samples; then analyze writes
# attrib.tsv and render the "Why" paragraph; nothing the run mounted is left.
#
#   tests/e2e/test_arms.sh [BIN_DIR]      (BIN_DIR holds repro-collect; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-arms.XXXXXX)
. tests/e2e/check.sh
if [ "$(id -u)" != 0 ]; then
    echo "skip: the oci arms need root"
    exit 0
fi
# The project's rows plus one arm that cannot take effect: the host has no filter to remove.
cp data/envs.tsv "$work/envs.tsv"
printf 'host-broken\tarm\tno-seccomp on the host: a factor that cannot take effect\tprivileged\tT1,S1\thost\tno-seccomp\n' \
    >>"$work/envs.tsv"
run=$work/run
"$bin/repro-collect" --run-dir "$run" --envs-file "$work/envs.tsv" \
    --envs host,oci,host-seccomp,host-nocaps,host-nnp,host-ns,oci-noseccomp,oci-nolimits,oci-nooverlay,oci-hostnet,host-ssbd,host-broken \
    --tables T1,S1 \
    --bench BenchmarkFib20 --reps 2 --quick >"$work/collect.out" 2>&1
status() { awk -F'\t' -v e="$1" '$1 == e { print $2 }' "$run/envs.tsv"; }
meta() { awk -F'\t' -v e="$1" -v k="$2" '$1 == e && $2 == k { print $3; exit }' "$run/meta.tsv"; }
for e in host oci host-seccomp host-nocaps host-nnp host-ns oci-noseccomp oci-nooverlay; do
    check "$e ran" test "$(status $e)" = ok
done
for e in host-seccomp host-nocaps host-nnp host-ns oci-noseccomp oci-nolimits oci-nooverlay oci-hostnet; do
    check "$e's self-check passed" bash -c "[[ '$(meta $e arm_check)' == pass:* ]]"
done
# The limits arm's 2-CPU quota cannot throttle on a machine with no more than 2 CPUs: said in its
# check line and its reason; on a bigger machine nothing is said.
if [ "$(nproc --all)" -le 2 ]; then
    check "oci-nolimits says its CPU quota cannot bind here (check line)" \
        bash -c "[[ '$(meta oci-nolimits arm_check)' == pass:*'here its CPU quota cannot bind'*'judges none'* ]]"
    check "... and in its reason, the Environments table's" \
        grep -qE 'oci-nolimits	ok	here its CPU quota cannot bind: .*machine.s 2 CPUs online' "$run/envs.tsv"
else
    check "oci-nolimits has no caveat where the quota can bind" \
        grep -qE 'oci-nolimits	ok		' "$run/envs.tsv"
fi
check "host-seccomp's benchmark ran under one filter" \
    grep -q '^posture-seccomp: 2$' "$run/raw/T1/host-seccomp/001.out"
check "oci-noseccomp's benchmark ran under none" \
    grep -q '^posture-seccomp: 0$' "$run/raw/T1/oci-noseccomp/001.out"
check "host-nocaps's benchmark ran with Docker's default capabilities" \
    grep -q '^posture-cap-eff: 00000000a80425fb$' "$run/raw/T1/host-nocaps/001.out"
check "host-nnp's benchmark ran with no_new_privs" grep -q '^posture-no-new-privs: 1$' "$run/raw/T1/host-nnp/001.out"
check "oci-nooverlay's T1 ran on a disk root, not overlayfs" grep -q '^BenchmarkFib20' "$run/raw/T1/oci-nooverlay/001.out"
check "oci's benchmark ran under its filter" grep -q '^posture-seccomp: 2$' "$run/raw/T1/oci/001.out"
ssbd=$(status host-ssbd)
if [ "$ssbd" = unavailable ]; then
    check "host-ssbd names prctl's errno and the vulnerability file" \
        grep -qE 'host-ssbd	unavailable	.*PR_SPEC_STORE_BYPASS.*: E[A-Z]+ \(.*vulnerabilities/spec_store_bypass' \
        "$run/envs.tsv"
else
    check "host-ssbd ran with its check passed" bash -c "[[ '$(meta host-ssbd arm_check)' == pass:* ]]"
fi
check "the arm whose factor cannot take effect failed its check" \
    grep -qE 'host-broken	failed	arm check failed, so it judges nothing: .*no filter to remove' "$run/envs.tsv"
check "and has no samples" bash -c "! ls '$run/raw/T1/host-broken/'*.out 2>/dev/null | grep -q ."
check "S1 measured a cost per call" grep -qE '^BenchmarkSyscall/call=getpid	[0-9]+	[0-9.]+ ns/op' \
    "$run/raw/S1/host-seccomp/001.out"
check "nothing the run mounted is left" bash -c "! grep -q '$run' /proc/mounts"

"$bin/repro-normalize" --run-dir "$run" >"$work/normalize.out" 2>&1
"$bin/repro-analyze" --run-dir "$run" --out "$work/model" >"$work/analyze.out" 2>&1
check "attrib.tsv splits oci / host into the filter and the rest" bash -c \
    "grep -q '^T1	ns/op	BenchmarkFib20	factor	oci	host	seccomp	oci-noseccomp	' '$work/model/attrib.tsv' &&
     grep -q '^T1	ns/op	BenchmarkFib20	unexplained	oci	host	' '$work/model/attrib.tsv'"
check "oci's capabilities (runc's set) are not isolated by host-nocaps (Docker's set)" \
    grep -qP '^T1\tns/op\tBenchmarkFib20\tfactor\toci\thost\tcapabilities\t\t.*\tno arm isolates it on T1: host-nocaps changes another set of it than oci.s$' \
    "$work/model/attrib.tsv"
check "oci's no_new_privs comes from host-nnp" \
    grep -qP '^T1\tns/op\tBenchmarkFib20\tfactor\toci\thost\tno_new_privs\thost-nnp\t[0-9]+\t[0-9]+\t[0-9.]+\t' "$work/model/attrib.tsv"
check "overlay on T1 comes from oci-nooverlay" \
    grep -qP '^T1\tns/op\tBenchmarkFib20\tfactor\toci\thost\toverlay\toci-nooverlay\t[0-9]+\t[0-9]+\t[0-9.]+\t' "$work/model/attrib.tsv"
check "oci's namespaces come from host-ns" \
    grep -qP '^T1\tns/op\tBenchmarkFib20\tfactor\toci\thost\tnamespaces\thost-ns\t[0-9]+\t[0-9]+\t[0-9.]+\t' "$work/model/attrib.tsv"
check "so oci / host does not close on T1, and says which factor is missing" \
    grep -qP '^T1\tns/op\tBenchmarkFib20\tunexplained\toci\thost\t\t\t[0-9]+\t[0-9]+\t\t\t\t0.95\tnot closed: capabilities not isolated$' \
    "$work/model/attrib.tsv"
check "an arm that ran no table printing posture reads 'not recorded', not 'unmatched'" bash -c \
    "grep -qP '^env\toci-hostnet\tnot recorded \(this arm runs no table that prints posture\)\t' '$work/model/regimes.tsv' &&
     ! grep -qP '^env\toci-hostnet\tunmatched' '$work/model/regimes.tsv'"
check "S1, our own probe, has no claim counted as the article's (the article gives no per-call figure)" \
    bash -c "! awk -F'\t' 'NR > 1 && \$2 == \"S1\" && \$4 != \"check\"' '$work/model/claims.tsv' | grep -q ."
check "T1.why's causal claims are directions (analogue), with no size the article never gave" bash -c \
    "[ \$(awk -F'\t' 'NR > 1 && \$1 ~ /^T1\.why\./ && \$0 ~ /\tanalogue\t/' '$work/model/claims.tsv' | wc -l) -eq 3 ] &&
     ! grep -q 'whole difference) from' '$work/model/claims.tsv'"
"$bin/repro-render" --model "$work/model" --out "$work/out" >"$work/render.out" 2>&1
check "the answer's Why is a table: the total, each arm, what the factors leave" bash -c \
    "grep -q '^| oci / host | the whole difference | ' '$work/out/report.md' &&
     grep -q '^| oci / oci-noseccomp | seccomp | ' '$work/out/report.md' &&
     grep -qE '^\| oci / host \| what the factors leave \| not closed' '$work/out/report.md'"
check "and says in one line what was not measured and why; the arms' reasons are in T1's section" bash -c \
    "grep -qE '^Not measured here: .*\(their arms could not run on this machine: see Problems in this run\)' '$work/out/report.md' &&
     grep -q 'host-broken (failed: arm check failed' '$work/out/report.md'"
check "the Why table labels an arm's ratio in its order: with the factor / without" bash -c \
    "grep -qF '| arm | oci / oci-noseccomp | seccomp | oci-noseccomp |' '$work/out/report.md' &&
     ! grep -qF '| arm | oci-noseccomp / oci |' '$work/out/report.md'"
check "the workbook's Summary sheet has the same Why table (from the same view)" python3 -c "
import re, sys, zipfile
z = zipfile.ZipFile('$work/out/report.xlsx')
strings = [re.sub('<[^>]+>', '', m) for m in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
names = re.findall(r'<sheet name=\"([^\"]*)\"', z.read('xl/workbook.xml').decode())
sheet = z.read('xl/worksheets/sheet%d.xml' % (names.index('Summary') + 1)).decode()
used = {strings[int(v)] for v in re.findall(r't=\"s\"[^>]*><v>(\d+)</v>', sheet)}
sys.exit(0 if {'Ratio of', 'what the factors leave', 'oci / oci-noseccomp'} <= used else 1)"
check "the Why paragraph states its intervals' level and method" \
    grep -qF '95% intervals, Hodges-Lehmann within the rounds both ran' "$work/out/report.md"
echo "arms: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
