#!/usr/bin/env bash
# test_platform.sh - the host's platform said in every format, from fixture roots
# (tests/fixtures/platform/, read through REPRO_ROOT; no WSL2 machine needed): a WSL2 host is
# "wsl2 = host: this is WSL2 (kernel ...)" in claims.tsv and in report.md, report.html and
# report.xlsx, with its "host platform" row, and T2.1 reads its Windows drive (fs=drvfs, a plain
# directory standing in for /mnt/c through REPRO_DRVFS_DIR); a host inside a container says so;
# bare metal is neither. Table 2.1 in host only, 2 quick samples a run.
#
#   tests/e2e/test_platform.sh [BIN_DIR]     (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-platform.XXXXXX)
. tests/e2e/check.sh
fixtures=$PWD/tests/fixtures/platform
pipeline/image.sh build/image "$bin/repro-probe" >"$work/image.out" 2>&1
check "the image layer is built" test $? -eq 0

report_for() { # report_for FIXTURE: collect, normalize, analyze and render under that root
    local run=$work/$1/runs/20260101-000000
    REPRO_ROOT=$fixtures/$1 REPRO_DRVFS_DIR=${drvfs:-} "$bin/repro-collect" --run-dir "$run" --envs host --tables T2.1 \
        --reps 2 --warmups 0 --quick >"$work/$1.collect" 2>&1 &&
        "$bin/repro-normalize" --run-dir "$run" >"$work/$1.normalize" 2>&1 &&
        "$bin/repro-analyze" --run-dir "$run" --out "$work/$1/model" >"$work/$1.analyze" 2>&1 &&
        "$bin/repro-render" --model "$work/$1/model" --out "$work/$1/out" --templates templates \
            >"$work/$1.render" 2>&1
}
in_all() { # in_all FIXTURE TEXT: TEXT in report.md, report.html and the workbook's strings
    local out=$work/$1/out
    grep -qF -- "$2" "$out/report.md" && grep -qF -- "$2" "$out/report.html" &&
        unzip -p "$out/report.xlsx" xl/sharedStrings.xml | grep -qF -- "$2"
}
run_value() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$work/$1/runs/20260101-000000/run.tsv"; }

kernel=5.15.153.1-microsoft-standard-WSL2
# the Windows drive T2.1's fs=drvfs case reads: a plain directory standing in for /mnt/c here
drvfs=$work/mnt-c-users-public
mkdir -p "$drvfs"
check "wsl2: the pipeline runs" report_for wsl2
drvfs=
check "wsl2: T2.1 read and stat on the Windows drive (fs=drvfs), and nothing left there" \
    bash -c "grep -q '^BenchmarkRead4K/fs=drvfs' '$work/wsl2/runs/20260101-000000/raw/T2.1/host/001.out' &&
        grep -q '^BenchmarkStat/fs=drvfs' '$work/wsl2/runs/20260101-000000/raw/T2.1/host/001.out' &&
        [ -z \"\$(ls -A '$work/mnt-c-users-public')\" ]"
check "wsl2: run.tsv records WSL2 with its kernel" test "$(run_value wsl2 host_wsl)" = "WSL2 (kernel $kernel)"
check "wsl2: run.tsv says the files were read under REPRO_ROOT" test "$(run_value wsl2 platform_root)" = "$fixtures/wsl2"
check "wsl2: claims.tsv's env note says wsl2 = host: this is WSL2" \
    grep -qF "wsl2 = host: this is WSL2 (kernel $kernel)" "$work/wsl2/model/claims.tsv"
check "wsl2: every format says wsl2 = host: this is WSL2 (kernel ...)" \
    in_all wsl2 "wsl2 = host: this is WSL2 (kernel $kernel)"
check "wsl2: every format has the host platform row" in_all wsl2 "host platform: WSL2 (kernel $kernel"
check "wsl2: not the VM-guest analogue's note" \
    bash -c "! grep -qF 'this host is itself a VM guest' '$work/wsl2/model/claims.tsv'"

check "container: the pipeline runs" report_for container
check "container: run.tsv says the host is inside a container, with the evidence" \
    test "$(run_value container host_in_container)" = \
    "yes (/.dockerenv exists; PID 1's environment has container=docker; PID 1 is process_api, not an init)"
check "container: every format says so" in_all container "; inside a container (/.dockerenv exists"

check "bare-x86: the pipeline runs" report_for bare-x86
check "bare-x86: neither WSL nor a VM guest" test "$(run_value bare-x86 host_wsl)/$(run_value bare-x86 host_is_vm_guest)" = \
    "no/no (no hypervisor flag, /sys/hypervisor or device-tree node; DMI Dell Inc.)"
check "bare-x86: no /mnt/c, no drvfs case" \
    bash -c "! grep -q 'fs=drvfs' '$work/bare-x86/runs/20260101-000000/raw/T2.1/host/001.out'"
check "bare-x86: no claim says this is WSL2" \
    bash -c "! grep -qF 'this is WSL2' '$work/bare-x86/model/claims.tsv'"

echo "platform: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
