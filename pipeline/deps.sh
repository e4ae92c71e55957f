#!/usr/bin/env bash
# deps.sh - installs the Debian packages the project needs, by name, and nothing else.
#
# Called first by `make report` and `make test`. Does nothing when every package is present;
# runs `apt-get update` once, only when something is missing; says what it needs when it
# cannot install (not root). The list is the project's whole dependency manifest.
set -euo pipefail

packages=(
    # build
    build-essential pkg-config libgit2-dev
    libxlsxwriter-dev libgsl-dev
    # what the pipeline runs
    golang-go runc crun docker.io podman strace gnuplot-nox wrk bindfs
    # the vm environment: qemu, and a static busybox for its initramfs (the kernel comes from
    # Debian's linux-image package, downloaded and unpacked by pipeline/vm-image.sh)
    qemu-system-x86 busybox-static
    # the image layer is built from these installed packages (pipeline/image.sh)
    libc6 dash coreutils libselinux1 libpcre2-8-0 libacl1 libattr1 libgmp10 libunwind8 liblzma5
    bash libtinfo6
    # Table 4.4's server and gRPC load generator, built offline against Debian's Go sources;
    # the client's network namespace and the veth pairs into each environment
    golang-google-grpc-dev golang-github-golang-protobuf-1-3-dev golang-golang-x-net-dev
    golang-golang-x-sys-dev golang-golang-x-text-dev golang-google-genproto-dev
    iproute2 util-linux
    # tests: the fuzz harnesses (clang's libFuzzer: libclang_rt.fuzzer is in libclang-rt-14-dev);
    # statistics fixtures; deliverable checks (workbook in LibreOffice, HTML in Chromium;
    # the charts name DejaVu Sans)
    clang libclang-rt-14-dev python3 python3-scipy libreoffice-calc-nogui chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: run as root, or install them: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "deps: done"
