#!/usr/bin/env bash
# test_drivers.sh - the oci-crun, podman and vm environment drivers, each for real: probe and
# prepare through repro-collect, the limits read back from inside, one cell, then that nothing
# the run made is left (processes, mounts, runtime state, cgroups, host paths).
#
#   tests/e2e/test_drivers.sh [BIN_DIR]      (BIN_DIR holds repro-collect; default build/bin)
#
# An environment this machine cannot run prints "skip: <env>: <reason>" (the driver's own
# reason from envs.tsv). The vm runs no benchmark (go test compiles for minutes under TCG): its
# cell gets a 10 s limit, which checks that the guest kills a command at its timeout.
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-drv.XXXXXX)
. tests/e2e/check.sh
skipped=0
skip() { # skip ENV RUN_DIR: prints the driver's reason; 0 when the environment was unavailable
    local reason
    [ "$(awk -F'\t' -v e="$1" '$1 == e { print $2 }' "$2/envs.tsv")" = unavailable ] || return 1
    reason=$(awk -F'\t' -v e="$1" '$1 == e { print $3 }' "$2/envs.tsv")
    echo "skip: $1: $reason"
    skipped=$((skipped + 1))
}
meta() { awk -F'\t' -v e="$2" -v k="$3" '$1 == e && $2 == k { print $3; exit }' "$1/meta.tsv"; }
meta_matches() { meta "$1" "$2" "$3" | grep -qE "$4"; } # meta_matches DIR ENV KEY REGEX
cell_matches() { grep -qE "^T1	$2	1	$3" "$1/cells.tsv"; } # cell_matches DIR ENV REGEX
collect() { # collect DIR ENV [flags...]: one run; its exit status in DIR.rc, its output DIR.out
    "$bin/repro-collect" --run-dir "$1" --envs "$2" --tables T1 --bench BenchmarkFib20 \
        --reps 1 --warmups 0 "${@:3}" >"$1.out" 2>&1
    echo $? >"$1.rc"
}
lacks() { ! grep -q "$2" "$1"; } # lacks FILE PATTERN
exited() { test "$(cat "$1.rc")" -eq "$2"; } # exited DIR STATUS

# Paths a runtime may create on the host outside the run directory. (Run this test alone: a
# concurrent podman or runc run elsewhere creates them too.)
host_paths="/run/runc /run/crun /var/lib/containers /etc/cni/net.d/cni.lock"
present() { for p in $host_paths; do [ -e "$p" ] && echo "$p"; done; }
before=$(present)
# podman's run root: this checkout's kept store's (/run/repro-podman-<FNV-1a of the store's
# path>, env_podman.c), or a run's own store's; other sessions' podman runs have their own
fnv1a() { local s=$1 h=1469598103934665603 i c
    for ((i = 0; i < ${#s}; i++)); do printf -v c '%d' "'${s:i:1}"; h=$(((h ^ c) * 1099511628211)); done
    printf '%016x' "$h"
}
podman_runroot=/run/repro-podman-$(fnv1a "$(realpath build/image)/engines/podman")
leftovers() { # leftovers RUN_DIR: nothing of that run may remain; what is, goes to the log
    local dir=$1 id left=0
    id=$(basename "$dir")
    pgrep -af -- "$dir/" && left=1
    grep " $dir/" /proc/mounts && left=1
    # the engines' image stores stay between runs, but nothing may stay mounted in them
    grep -e " $PWD/build/image/engines/" -e " $podman_runroot" -e " /run/repro-$id-podman" \
        /proc/mounts && left=1
    ls -d "$podman_runroot" "/run/repro-$id-podman" 2>/dev/null && left=1
    find "$dir"/env/oci*/state -mindepth 1 2>/dev/null | grep . && left=1
    find "$dir"/env/vm/jobs "$dir"/env/vm/ctl.sock 2>/dev/null | grep . && left=1
    find /sys/fs/cgroup -type d -name "*$id*" 2>/dev/null | grep . && left=1
    if [ "$(present)" != "$before" ]; then
        echo "host paths now: $(present | xargs); before: $(echo $before)"
        left=1
    fi
    return $left
}
limits_back() { # limits_back DIR ENV: the article's 2 CPUs and 4 GiB, read from inside
    test "$(meta "$1" "$2" inside.cpu_limit)" = 2.00 &&
        test "$(meta "$1" "$2" inside.memory_limit_bytes)" = 4294967296
}
guest_kernel() { # guest_kernel DIR: the vm reported a kernel, and not the host's
    local kernel
    kernel=$(meta "$1" vm inside.kernel)
    test -n "$kernel" && test "$kernel" != "$(uname -r)"
}
hybrid_cgroups() { [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; }

echo "drivers: oci-crun, podman and vm in $work"
# The image layer, and the VM's kernel and initramfs: no-ops when up to date.
pipeline/image.sh build/image build/bin/repro-probe >>"$work/log" 2>&1 ||
    echo "drivers: pipeline/image.sh failed (see $work/log)"
pipeline/vm-image.sh build/vm >>"$work/log" 2>&1 ||
    echo "drivers: pipeline/vm-image.sh failed (see $work/log); the vm will be unavailable"
tag=d$$

dir=$work/${tag}c
collect "$dir" oci-crun
if ! skip oci-crun "$dir"; then
    check "oci-crun: prepared, and its cell ran" cell_matches "$dir" oci-crun ok
    check "oci-crun: collect exited 0" exited "$dir" 0
    check "oci-crun: crun's version is in meta" meta_matches "$dir" oci-crun runtime '^crun version'
    check "oci-crun: 2 CPUs and 4 GiB read back from inside" limits_back "$dir" oci-crun
    if hybrid_cgroups; then
        check "oci-crun: on hybrid cgroups the workaround is recorded" \
            meta_matches "$dir" oci-crun cgroup_workaround 'private mount namespace'
        check "oci-crun: the host's cgroup2 mount is still there" \
            grep -q ' /sys/fs/cgroup/unified cgroup2 ' /proc/mounts
    fi
fi
check "oci-crun: nothing is left (processes, mounts, crun state, cgroups, host paths)" \
    leftovers "$dir"

dir=$work/${tag}p
collect "$dir" podman
if ! skip podman "$dir"; then
    check "podman: prepared, and its cell ran" cell_matches "$dir" podman ok
    check "podman: collect exited 0" exited "$dir" 0
    check "podman: 2 CPUs and 4 GiB read back from inside" limits_back "$dir" podman
    check "podman: podman's and conmon's versions are in meta" \
        meta_matches "$dir" podman engine '^podman [0-9.]+ \(no daemon\); conmon version'
    check "podman: the storage driver and the cgroupfs manager are in meta" \
        meta_matches "$dir" podman storage '^overlay .*cgroup manager cgroupfs'
    check "podman: the explicit ulimits are in meta" \
        meta_matches "$dir" podman ulimits '^--ulimit nofile=[0-9]+:[0-9]+ --ulimit nproc='
    check "podman: daemon memory says podman has no daemon" \
        grep -q '^processes	none: podman has no daemon' "$dir/raw/T1/podman/001.daemon"
    check "podman: its storage is gone from the run directory" test ! -e "$dir/env/podman/root"
fi
check "podman: nothing is left (conmon, mounts, cgroups, blob cache, runc state)" \
    leftovers "$dir"

dir=$work/${tag}v
collect "$dir" vm --warmups 1 --timeout 1 --benchtime 1s # a run of 1 s at least: over the limit
if ! skip vm "$dir"; then
    check "vm: repro-probe envinfo ran inside, under the guest's own kernel" guest_kernel "$dir"
    check "vm: 2 vCPUs seen from inside" test "$(meta "$dir" vm inside.cpus_online)" = 2
    check "vm: about 4 GiB seen from inside" \
        test "$(meta "$dir" vm inside.mem_total | cut -d' ' -f1)" -gt 3800000
    check "vm: TCG's emulation (or KVM) is recorded" \
        meta_matches "$dir" vm emulated '^(yes \(TCG\): timings not comparable|no \(KVM\))$'
    check "vm: a cell over its 1 s limit (a benchmark of 1 s at least) is recorded as timed out" \
        cell_matches "$dir" vm 'failed	[0-9.]+	timed out'
    check "vm: the guest killed the warm-up at its limit, and the VM stayed up for the next cell" \
        lacks "$dir.out" 'stopping the VM'
    check "vm: collect exited 1 for that failed cell" exited "$dir" 1
    check "vm: daemon memory is qemu's, the whole VM" \
        grep -q '^processes	qemu-system-x86_64' "$dir/raw/T1/vm/001.daemon"
fi
check "vm: nothing is left (qemu, socket, job files)" leftovers "$dir"

# A crashed collect: --cleanup stops its qemu through the pidfile. qemu is frozen first, since
# a guest whose host end went away powers itself off, and that must not hide the pidfile path.
if ! grep -qE $'^vm\tunavailable' "$dir/envs.tsv"; then
    dir=$work/${tag}k
    "$bin/repro-collect" --run-dir "$dir" --envs vm --tables T1 --bench BenchmarkFib20 \
        --reps 1 --warmups 0 >"$dir.out" 2>&1 &
    collector=$!
    for _ in $(seq 100); do
        [ -s "$dir/env/vm/qemu.pid" ] && break
        sleep 0.2
    done
    qemu=$(cat "$dir/env/vm/qemu.pid" 2>/dev/null)
    [ -n "$qemu" ] && kill -STOP "$qemu"
    kill -9 "$collector"
    wait "$collector" 2>/dev/null
    check "vm: a killed collect leaves its qemu behind (what --cleanup is for)" kill -0 "$qemu"
    "$bin/repro-collect" --cleanup --run-dir "$dir" --envs vm >>"$work/log" 2>&1
    check "vm: repro-collect --cleanup stops that qemu through its pidfile" leftovers "$dir"
fi

echo "drivers: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
