#!/usr/bin/env bash
# vm-image.sh - builds what the vm environment boots: Debian's kernel, fetched with
# `apt-get download` and unpacked with dpkg-deb (never installed), and a busybox initramfs whose
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

kernel_package() { # the versioned package behind Debian's linux-image-amd64
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
kpkg=$(kernel_package)
if [ -z "$kpkg" ] && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && kpkg=$(kernel_package)
fi
if [ -z "$kpkg" ]; then
    echo "vm-image: apt knows no linux-image-amd64: run apt-get update first" >&2
    exit 1
fi
kver=$(apt-cache show "$kpkg" | awk '/^Version:/ { print $2; exit }')
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
deb=$(find "$out/deb" -name "${kpkg}_*.deb" | head -n1)
if [ -z "$deb" ] || [ "$(dpkg-deb -f "$deb" Version)" != "$kver" ]; then
    rm -f "$out/deb/${kpkg}"_*.deb
    # apt's download sandbox user cannot write here; the download is a plain file fetch.
    (cd "$out/deb" && apt-get -q -o APT::Sandbox::User=root download "$kpkg")
    deb=$(find "$out/deb" -name "${kpkg}_*.deb" | head -n1)
fi
dpkg-deb -x "$deb" "$tmp/pkg"
release=$(ls "$tmp/pkg/lib/modules")
moddir=$tmp/pkg/lib/modules/$release

# Each module's dependencies come from its own modinfo "depends=" line (the package ships no
# modules.dep); dependencies are loaded first, each module once.
declare -A seen=()
order=()
add() {
    local name=$1 ko dep
    [ -n "${seen[$name]:-}" ] && return 0
    seen[$name]=1
    ko=$(find "$moddir" -name "$name.ko" | head -n1)
    if [ -z "$ko" ]; then
        grep -q "/$name.ko\$" "$moddir/modules.builtin" && return 0 # built in: nothing to load
        echo "vm-image: $kpkg has no module $name" >&2
        exit 1
    fi
    for dep in $("$bb" strings "$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
        add "$dep"
    done
    order+=("$name")
    install -D -m 0644 "$ko" "$tmp/initramfs/modules/$name.ko"
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
