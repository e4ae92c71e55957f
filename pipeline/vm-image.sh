#!/usr/bin/env bash
# vm-image.sh - builds what the vm environment boots: the distribution's kernel (Debian's or
# Ubuntu's package, fetched with `apt-get download` and unpacked with dpkg-deb, never installed;
# or this machine's own in /boot) and a busybox initramfs whose
# /init (pipeline/vm-init.sh) loads the virtio and 9p modules and serves repro-collect's commands.
#
#   pipeline/vm-image.sh OUT_DIR          (repro-collect looks in build/vm, beside build/image)
#
# OUT_DIR/vmlinuz, OUT_DIR/initramfs.gz  what qemu boots
# OUT_DIR/info                           kernel package and version, busybox version (key\tvalue)
# OUT_DIR/id                             a hash of every input; nothing is rebuilt while it holds
set -euo pipefail

out=${1:?usage: vm-image.sh OUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
init=$here/pipeline/vm-init.sh
# Modules the guest needs, in load order after their dependencies are added (see deps below).
wanted=(virtio_pci virtio_console 9pnet_virtio 9p overlay)

# The kernel: the distribution's kernel package (Debian: linux-image-<arch>; Ubuntu:
# linux-image-generic, whose modules are in linux-modules[-extra]-<version>), downloaded and
# unpacked, never installed; VM_KERNEL=boot (or no such package known to apt) takes this
# machine's own /boot/vmlinuz-$(uname -r) and /lib/modules/$(uname -r) instead.
os_id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
case "$os_id" in
ubuntu) meta=linux-image-generic ;;
*) meta=linux-image-$(dpkg --print-architecture 2>/dev/null || echo amd64) ;;
esac
kernel_package() { # the versioned package behind the meta package
    apt-cache depends "$meta" 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
kpkg=
if [ "${VM_KERNEL:-}" != boot ]; then
    kpkg=$(kernel_package)
    if [ -z "$kpkg" ] && [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && kpkg=$(kernel_package)
    fi
fi
if [ -n "$kpkg" ]; then
    kver=$(apt-cache show "$kpkg" | awk '/^Version:/ { print $2; exit }')
    extra=()
    [ "$os_id" = ubuntu ] && extra=("linux-modules-${kpkg#linux-image-}" "linux-modules-extra-${kpkg#linux-image-}")
elif [ -r "/boot/vmlinuz-$(uname -r)" ] && [ -d "/lib/modules/$(uname -r)" ]; then
    kpkg=boot kver="$(uname -r) $(sha256sum "/boot/vmlinuz-$(uname -r)" | cut -c1-16)"
    echo "vm-image: ${VM_KERNEL:+VM_KERNEL=boot: }using this machine's kernel /boot/vmlinuz-$(uname -r)" >&2
else
    echo "vm-image: ${VM_KERNEL:+VM_KERNEL=boot: }${VM_KERNEL:-apt knows no $meta, and }/boot/vmlinuz-$(uname -r)" \
        "with /lib/modules/$(uname -r) is not here: no kernel for the vm" >&2
    exit 1
fi
if ! bbver=$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null) || [ -z "$bbver" ]; then
    echo "vm-image: needs a static busybox (Debian package busybox-static)" >&2
    exit 1
fi
bb=/bin/busybox

id=$({
    echo "$kpkg $kver busybox-static $bbver ${wanted[*]}"
    sha256sum "$0" "$init" | cut -d' ' -f1
} | sha256sum | cut -c1-16)

if [ -f "$out/id" ] && [ "$(cat "$out/id")" = "$id" ] && [ -f "$out/vmlinuz" ] &&
    [ -f "$out/initramfs.gz" ]; then
    echo "vm-image: kernel $kpkg $kver and initramfs $id are up to date"
    exit 0
fi

echo "vm-image: building $id: kernel $kpkg $kver, busybox-static $bbver"
mkdir -p "$out/deb"
tmp=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ "$kpkg" = boot ]; then
    release=$(uname -r)
    mkdir -p "$tmp/pkg/boot" "$tmp/pkg/lib/modules"
    cp "/boot/vmlinuz-$release" "$tmp/pkg/boot/"
    ln -s "/lib/modules/$release" "$tmp/pkg/lib/modules/$release"
else
    for p in "$kpkg" "${extra[@]}"; do
        deb=$(find "$out/deb" -name "${p}_*.deb" | head -n1)
        if [ -z "$deb" ] || [ "$(dpkg-deb -f "$deb" Version)" != "$kver" ]; then
            rm -f "$out/deb/${p}"_*.deb
            # apt's download sandbox user cannot write here; the download is a plain file fetch.
            (cd "$out/deb" && apt-get -q -o APT::Sandbox::User=root download "$p")
            deb=$(find "$out/deb" -name "${p}_*.deb" | head -n1)
        fi
        dpkg-deb -x "$deb" "$tmp/pkg"
    done
    release=$(ls "$tmp/pkg/lib/modules" 2>/dev/null || ls "$tmp/pkg/usr/lib/modules")
fi
moddir=$tmp/pkg/lib/modules/$release
[ -d "$moddir" ] || moddir=$tmp/pkg/usr/lib/modules/$release

# Each module's dependencies come from its own modinfo "depends=" line (the package ships no
# modules.dep); dependencies are loaded first, each module once.
declare -A seen=()
order=()
add() {
    local name=$1 ko dep
    [ -n "${seen[$name]:-}" ] && return 0
    seen[$name]=1
    ko=$(find -L "$moddir" \( -name "$name.ko" -o -name "$name.ko.xz" -o -name "$name.ko.zst" \) | head -n1)
    if [ -z "$ko" ]; then
        grep -q "/$name.ko\(\.xz\|\.zst\)\?\$" "$moddir/modules.builtin" && return 0 # built in
        echo "vm-image: $kpkg has no module $name" >&2
        exit 1
    fi
    # busybox's insmod loads plain .ko files: Debian 13 ships .ko.xz, Ubuntu 24.04 .ko.zst
    mkdir -p "$tmp/initramfs/modules"
    local plain=$tmp/initramfs/modules/$name.ko
    case "$ko" in
    *.xz) "$bb" unxz -c "$ko" >"$plain" ;;
    *.zst) command -v zstd >/dev/null || { echo "vm-image: $ko is zstd-compressed: needs zstd (package zstd)" >&2; exit 1; }
        zstd -qdc "$ko" >"$plain" ;;
    *) install -m 0644 "$ko" "$plain" ;;
    esac
    for dep in $("$bb" strings "$plain" | sed -n 's/^depends=//p' | tr ',' ' '); do
        add "$dep"
    done
    order+=("$name")
}
for m in "${wanted[@]}"; do
    add "$m"
done
printf '%s\n' "${order[@]}" >"$tmp/initramfs/modules/order"

mkdir -p "$tmp/initramfs"/{bin,dev,proc,sys,tmp,layer,rw,root,jobs}
install -m 0755 "$bb" "$tmp/initramfs/bin/busybox"
ln -s busybox "$tmp/initramfs/bin/sh"
install -m 0755 "$init" "$tmp/initramfs/init"
(cd "$tmp/initramfs" && find . | LC_ALL=C sort | "$bb" cpio -o -H newc 2>/dev/null) | gzip -9 >"$tmp/initramfs.gz"

install -m 0644 "$tmp/pkg/boot/vmlinuz-$release" "$tmp/vmlinuz"
mv "$tmp/vmlinuz" "$out/vmlinuz"
mv "$tmp/initramfs.gz" "$out/initramfs.gz"
printf 'kernel_package\t%s %s\nkernel_release\t%s\nbusybox\tbusybox-static %s\nmodules\t%s\n' \
    "$kpkg" "$kver" "$release" "$bbver" "${order[*]}" >"$out/info"
echo "$id" >"$out/id.tmp" && mv "$out/id.tmp" "$out/id"
echo "vm-image: ready: $out/vmlinuz ($release), $out/initramfs.gz ($(du -k "$out/initramfs.gz" | cut -f1) KiB; modules: ${order[*]})"
