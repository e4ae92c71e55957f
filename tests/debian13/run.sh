#!/usr/bin/env bash
# run.sh - the project on Debian 13 (trixie): a minimal trixie root made by debootstrap from
# Debian's package registry, and inside it (chroot) what a user does on a fresh machine:
# pipeline/deps.sh, the build (-Werror, trixie's compilers and libraries), the unit tests and
# `make report PROFILE=quick REPRO_ENVS=host`. Too slow for make test (half an hour on a loaded
# machine): `make test-debian13`, as root.
#
#   tests/debian13/run.sh
#
# The root is kept (DEBIAN13_DIR, default /var/tmp/repro-debian13) so a re-run skips debootstrap
# and the packages already installed; the checkout is copied in anew each time (its tracked and
# untracked files, no build/). /proc, /sys and /dev are mounted into the root for the run and
# unmounted on exit, also on failure. Each step's seconds are printed and kept in
# DEBIAN13_DIR/last-run.tsv.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${DEBIAN13_DIR:-/var/tmp/repro-debian13}
root=$dir/root
mirror=${DEBIAN13_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "debian13: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debian13: needs debootstrap (pipeline/deps.sh --for debian13)" >&2; exit 1; }
mkdir -p "$dir"
exec 9>"$dir/lock"
flock -n 9 || { echo "debian13: another run holds $dir/lock" >&2; exit 1; }

start=$(date +%s)
t0=$start
: >"$dir/last-run.tsv.tmp"
step() { # NAME: prints and records the seconds since the last step
    local now
    now=$(date +%s)
    printf '%s\t%s\n' "$1" $((now - t0)) >>"$dir/last-run.tsv.tmp"
    echo "debian13: $1 took $((now - t0)) s" >&2
    t0=$now
}

mounted=()
cleanup() { # what this script mounted, then anything mounted under the root inside it (ip netns)
    local i m
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    for m in $(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}
trap cleanup EXIT

if [ ! -f "$root/.repro-bootstrapped" ]; then
    echo "debian13: debootstrap trixie into $root from $mirror" >&2
    rm -rf "$root"
    debootstrap --variant=minbase trixie "$root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
        { tail -n 20 "$dir/debootstrap.log" >&2; echo "debian13: debootstrap failed ($dir/debootstrap.log)" >&2; exit 1; }
    touch "$root/.repro-bootstrapped"
fi
grep -q '^VERSION_ID="13"' "$root/etc/os-release" || { echo "debian13: $root is not Debian 13" >&2; exit 1; }
step debootstrap
# no service starts inside the root; the network's names as on the host
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# The root is made a mount point of its own first: inside the chroot "/" must be a mount for
# the probes' private mount namespaces (mount --make-rprivate /) and ip netns.
for m in . proc sys dev dev/pts; do
    mkdir -p "$root/$m"
    case "$m" in
    .) mount --bind "$root" "$root" && mount --make-private "$root" ;;
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" ;;
    dev) mount --bind /dev "$root/dev" ;;
    dev/pts) mount --bind /dev/pts "$root/dev/pts" ;;
    esac
    mounted+=("$root/${m#.}")
done

rm -rf "$root/src"
mkdir -p "$root/src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | grep -zv '^build/' |
    tar --null -T - -cf -) | tar -C "$root/src" -xf -
step copy

inside() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb REPRO_ENVS=host bash -c "cd /src && $1"; }
inside 'pipeline/deps.sh --for report'
step deps
inside 'make -j2 all'
step build
inside 'make -j2 unit'
step unit
inside 'make report PROFILE=quick REPRO_ENVS=host'
step report
inside 'test -s out/report.md && test -s out/report.html && test -s out/report.xlsx'
printf 'total\t%s\n' $(($(date +%s) - start)) >>"$dir/last-run.tsv.tmp"
mv "$dir/last-run.tsv.tmp" "$dir/last-run.tsv"
echo "debian13: passed in $(($(date +%s) - start)) s ($(date -u +%Y-%m-%dT%H:%MZ); $dir/last-run.tsv)" >&2
