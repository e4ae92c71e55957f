#!/usr/bin/env bash
# image.sh - builds the read-only image layer every environment runs from, out of the Debian
# packages installed on this machine (no registry is reachable, and none is needed).
#
#   pipeline/image.sh OUT_DIR PROBE_BINARY   (repro-fib.test and repro-rpc from beside it)
#
# OUT_DIR/layers/<id>/rootfs   the layer: libc, dash as /bin/sh, coreutils, the Go toolchain, the project's
#                  probe (/usr/local/bin/repro-probe, repro-rusage), the Go workloads' binaries
#                  (repro-fib.test, repro-rpc) and workloads' sources (/work)
# OUT_DIR/id       a hash of every input (package versions, workloads, probe, this script);
#                  the layer is rebuilt only when it changes, and docker images are tagged by it
# OUT_DIR/rootfs   a symlink to the current layer's rootfs, for looking at it by hand
# A new layer never replaces one in use: a run pins its layer by id, and old layers are removed
# only when no overlay mount uses them.
set -euo pipefail

out=${1:?usage: image.sh OUT_DIR PROBE_BINARY}
probe=${2:?usage: image.sh OUT_DIR PROBE_BINARY}
here=$(cd "$(dirname "$0")/.." && pwd)
workloads=$here/stages/collect/workloads

# The Go toolchain is the one `go` on PATH runs, wherever it lives (go env GOROOT): a
# distribution's package (its files by dpkg, with its -src package), or a Go from go.dev in
# /usr/local/go or elsewhere (its GOROOT copied whole, /usr/bin/go linked to it).
go_bin=$(command -v go) || { echo "image: no go on PATH (Debian package golang-go, or a Go from go.dev with its bin/ on PATH)" >&2; exit 1; }
goroot=$(go env GOROOT)
go_pkgs=() go_tree=
if go_pkg=$(dpkg-query -S "$(readlink -f "$go_bin")" 2>/dev/null | cut -d: -f1) && [ -n "$go_pkg" ]; then
    go_pkgs=("$go_pkg" "${go_pkg%-go}-src")
    dpkg-query -W golang-go >/dev/null 2>&1 && go_pkgs+=(golang-go) # /usr/bin/go
else
    go_tree=$goroot
fi
# strace (T2.4 traces go inside every environment) with the libraries it links: libunwind8,
# liblzma5. The libraries' package names are the same on Debian 12, 13 and Ubuntu 22.04, 24.04.
pkgs=(libc6 dash coreutils libselinux1 libpcre2-8-0 libacl1 libattr1 libgmp10 "${go_pkgs[@]}"
    strace libunwind8 liblzma5
    # T3.1: bash and its terminfo library
    bash libtinfo6)
# The project's static binaries beside the probe: T1's benchmark and T4.4's server.
bin_dir=$(dirname "$probe")
bins=("$probe" "$bin_dir/repro-fib.test" "$bin_dir/repro-rpc")

id=$({
    dpkg-query -W -f '${Package} ${Version}\n' "${pkgs[@]}"
    [ -z "$go_tree" ] || echo "go tree $go_tree $("$go_bin" version)"
    (cd "$workloads" && find . -type f | LC_ALL=C sort | xargs sha256sum)
    sha256sum "${bins[@]}" "$0" | cut -d' ' -f1
} | sha256sum | cut -c1-16)

layer=$out/layers/$id
if [ -f "$out/id" ] && [ "$(cat "$out/id")" = "$id" ] && [ -d "$layer/rootfs/usr" ]; then
    echo "image: layer $id is up to date"
    exit 0
fi

echo "image: building layer $id from packages: ${pkgs[*]}"
mkdir -p "$out/layers"
tmp="$out/layers/rootfs.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"/{usr/bin,usr/lib,usr/lib64,usr/sbin,usr/local/bin,etc,tmp,proc,sys,dev,cache,work}
# Debian 12 is usr-merged: the packages list /bin and /lib paths that live under /usr.
ln -s usr/bin "$tmp/bin"
ln -s usr/lib "$tmp/lib"
ln -s usr/lib64 "$tmp/lib64"
ln -s usr/sbin "$tmp/sbin"
chmod 1777 "$tmp/tmp" "$tmp/cache"

for p in "${pkgs[@]}"; do
    dpkg-query -L "$p"
done | grep -v -E '^/(\.|usr/share/(doc|man|locale|info|lintian))' | LC_ALL=C sort -u |
    while read -r f; do
        if [ -L "$f" ] || [ -f "$f" ]; then printf '%s\n' "${f#/}"; fi
    done >"$out/files.txt"
[ -z "$go_tree" ] || find "$go_tree" \( -type f -o -type l \) -printf '%P\n' | sed "s|^|${go_tree#/}/|" >>"$out/files.txt"
tar -C / --no-recursion -cf - -T "$out/files.txt" | tar -C "$tmp" --keep-directory-symlink -xf -
ln -sf dash "$tmp/usr/bin/sh"
[ -z "$go_tree" ] || ln -sf "$go_tree/bin/go" "$tmp/usr/bin/go"

install -m 0755 "$probe" "$tmp/usr/local/bin/repro-probe"
ln -s repro-probe "$tmp/usr/local/bin/repro-rusage"
install -m 0755 "$bin_dir/repro-fib.test" "$bin_dir/repro-rpc" "$tmp/usr/local/bin/"
cp -r "$workloads"/. "$tmp/work/"
# base-files writes /etc/profile from this template when it is installed (it is no packaged
# file): the same here, so login shells read /etc/profile.d as on a Debian system (T3.1).
install -m 0644 /usr/share/base-files/profile "$tmp/etc/profile"
printf 'root:x:0:0:root:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$tmp/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
echo "$id" >"$tmp/etc/repro-layer"

rm -rf "$layer"
mkdir -p "$layer"
mv "$tmp" "$layer/rootfs"
trap - EXIT
echo "$id" >"$out/id.tmp" && mv "$out/id.tmp" "$out/id"
[ -d "$out/rootfs" ] && [ ! -L "$out/rootfs" ] && rm -rf "$out/rootfs" # the pre-layers layout
ln -sfn "layers/$id/rootfs" "$out/rootfs"
for old in "$out"/layers/*/; do
    old=${old%/}
    [ "$old" = "$layer" ] && continue
    grep -q "lowerdir=$(readlink -f "$old")/rootfs" /proc/mounts || rm -rf "$old"
done
echo "image: layer $id ready ($(du -sm "$layer/rootfs" | cut -f1) MB)"
