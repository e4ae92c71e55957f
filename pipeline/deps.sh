#!/usr/bin/env bash
# deps.sh - installs the Debian/Ubuntu packages the project needs, by feature, and nothing else.
#
#   pipeline/deps.sh [--plan] [--for report|test|fuzz|debian13]
#
# One required group (core: the build and `make report` in host and oci), then one group per
# environment (crun, docker, podman, vm) and per test tool (fuzz, pytools, deliverables,
# debian13), each installed on its own: an optional group that cannot be installed is reported
# with what it costs ("podman: not installable here (...): the podman environment will be listed
# as unavailable") and the run goes on; only a missing core fails. Package names are chosen per
# release from /etc/os-release (Debian 12, 13; Ubuntu 22.04, 24.04; OS_RELEASE=<file> overrides
# it, for tests); a virtual name is installed through its provider. Docker Desktop's CLI (WSL2
# integration) is kept: docker.io is never installed over it. Nothing runs when every package is
# present; `apt-get update` runs once, only when something is missing.
#
#   --for report    core + the groups of the environments in REPRO_ENVS (default: all) [default]
#   --for test      everything `make test` runs: every environment and test tool
#   --for fuzz      core + the fuzz harnesses' compiler
#   --for debian13  core + debootstrap (tests/debian13/run.sh)
#   --plan          prints each group, why it is wanted and what it would install; installs nothing
#   -h, --help      this text
set -euo pipefail

plan= purpose=report
while [ $# -gt 0 ]; do
    case "$1" in
    --plan) plan=1 ;;
    -h | --help | help) # the header above, without its '#'s: usage and what each option does
        sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --for) purpose=${2:?--for needs report, test, fuzz or debian13}; shift ;;
    *) echo "deps: unknown argument '$1' (--plan, --for report|test|fuzz|debian13; --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$purpose" in report | test | fuzz | debian13) ;; *)
    echo "deps: --for $purpose: report, test, fuzz or debian13" >&2; exit 2 ;;
esac

# ---- where the checkout is ------------------------------------------------------------------
# Refused on Windows' drives under WSL (/mnt/c: NTFS through drvfs, 9p in WSL2): every build, image
# layer, run and archive write would cross 9p, and T2.1's "own filesystem" would be NTFS.
checkout=${REPRO_CHECKOUT:-$(cd "$(dirname "$0")/.." && pwd)}
fstype=$(stat -f -c %T "$checkout" 2>/dev/null || echo unknown)
case "$checkout:$fstype" in
/mnt/[a-z]/*:* | /mnt/[a-z]:* | *:v9fs | *:drvfs | *:9p)
    echo "deps: the checkout $checkout is on a Windows drive ($fstype): builds, runs and T2.1's own" \
        "filesystem would all go through drvfs/9p, which is what T2.1 measures, not what it runs on;" \
        "clone it into the Linux filesystem (git clone ... ~/repro) and run there" >&2
    exit 1 ;;
esac

# ---- the release ---------------------------------------------------------------------------
os_release=${OS_RELEASE:-/etc/os-release}
[ -r "$os_release" ] || { echo "deps: cannot read $os_release (which release is this?)" >&2; exit 1; }
os_field() { sed -n "s/^$1=//p" "$os_release" | tr -d '"' | head -n1; }
os_id=$(os_field ID) os_version=$(os_field VERSION_ID) os_name=$(os_field PRETTY_NAME)
release=$os_id-$os_version
case "$release" in
debian-12 | debian-13 | ubuntu-22.04 | ubuntu-24.04) ;;
debian-*) # testing and unstable have no VERSION_ID: the newest names known here
    echo "deps: $os_name is not a release this script knows: using Debian 13's package names" >&2
    release=debian-13 ;;
*)
    echo "deps: $os_name ($os_release) is not Debian 12, 13 or Ubuntu 22.04, 24.04:" \
        "using Debian 12's package names; some may not exist here" >&2
    release=debian-12 ;;
esac
arch=${DEPS_ARCH:-$(dpkg --print-architecture 2>/dev/null || echo amd64)}

# ---- the groups ----------------------------------------------------------------------------
# names GROUP: the packages of GROUP in this release (empty: nothing to install there).
names() {
    case "$1" in
    core)
        # build; what the pipeline runs (strace: T2.4, gnuplot: the charts, wrk: T4.4, bindfs:
        # T2.1's FUSE case, iproute2/util-linux: the client's network namespace, nsenter);
        # Table 4.4's server built offline against the distribution's Go sources
        echo build-essential pkg-config libgit2-dev libxlsxwriter-dev libgsl-dev \
            golang-go runc strace gnuplot-nox wrk bindfs iproute2 util-linux \
            golang-google-grpc-dev golang-golang-x-net-dev golang-golang-x-sys-dev \
            golang-golang-x-text-dev golang-google-genproto-dev
        echo libcmark-gfm-dev libcmark-gfm-extensions-dev # render: the report's node tree
        case "$release" in # github.com/golang/protobuf: 1.3 on Debian 12, else 1.5 (Debian
        # 13's genproto depends on 1.5, which conflicts with 1.3)
        debian-12) echo golang-github-golang-protobuf-1-3-dev ;;
        *) echo golang-github-golang-protobuf-1-5-dev golang-google-protobuf-dev ;;
        esac ;;
    crun) echo crun ;;
    docker) echo docker.io ;;
    podman) echo podman ;;
    vm) # qemu for this machine's architecture; a static busybox for the initramfs
        case "$arch" in arm64) echo qemu-system-arm ;; *) echo qemu-system-x86 ;; esac
        echo busybox-static
        case "$release" in ubuntu-*) echo zstd ;; esac ;; # Ubuntu's kernel modules are .ko.zst
    fuzz) # clang's libFuzzer runtime: its own package since LLVM 15 (in clang 14's common
        # package on Ubuntu 22.04; Debian 12 split it out as libclang-rt-14-dev)
        echo clang
        case "$release" in
        debian-12) echo libclang-rt-14-dev ;;
        debian-13) echo libclang-rt-19-dev ;;
        ubuntu-24.04) echo libclang-rt-18-dev ;;
        esac ;;
    pytools) echo python3 python3-scipy ;; # statistics fixtures, the e2e workbook reader
    deliverables) # the workbook in LibreOffice, HTML in Chromium (Ubuntu: a snap, see below)
        echo libreoffice-calc-nogui fonts-dejavu-core
        case "$release" in debian-*) echo chromium ;; esac ;;
    debian13) echo debootstrap ;;
    esac
}
why() {
    case "$1" in
    core) echo "the build and make report in host and oci" ;;
    crun) echo "the oci-crun environment" ;;
    docker) echo "the docker environment" ;;
    podman) echo "the podman environment" ;;
    vm) echo "the vm environment" ;;
    fuzz) echo "make fuzz and make test's fuzz harnesses" ;;
    pytools) echo "make test's statistics fixtures and workbook checks" ;;
    deliverables) echo "make test's deliverable checks (LibreOffice, Chromium)" ;;
    debian13) echo "tests/debian13/run.sh's Debian 13 root" ;;
    esac
}
cost() { # what is lost when GROUP cannot be installed
    case "$1" in
    crun | docker | podman | vm)
        local env=$1
        [ "$env" = crun ] && env=oci-crun
        echo "the $env environment will be listed as unavailable" ;;
    fuzz) echo "the fuzz harnesses cannot be built (make fuzz, make test fail there)" ;;
    pytools) echo "the tests that need python3-scipy fail" ;;
    deliverables) echo "the deliverable checks say which tool is missing and fail" ;;
    debian13) echo "tests/debian13/run.sh cannot make its root" ;;
    esac
}

# The groups an environment needs, by the driver that runs it (data/envs.tsv's driver column);
# the other drivers need only core.
envs_file=${ENVS_FILE:-$checkout/data/envs.tsv}
env_group() {
    case "$(awk -F'\t' -v e="$1" '!/^#/ && $1 == e { print $2 }' "$envs_file" 2>/dev/null)" in
    oci-crun) echo crun ;;
    docker) echo docker ;;
    podman) echo podman ;;
    vm) echo vm ;;
    esac
}
groups=(core)
case "$purpose" in
report)
    envs=${REPRO_ENVS:-$(awk -F'\t' '/^#/ { next } h++ { printf "%s%s", n++ ? "," : "", $1 }' "$envs_file")}
    for e in ${envs//,/ }; do
        g=$(env_group "$e")
        [ -n "$g" ] && [[ " ${groups[*]} " != *" $g "* ]] && groups+=("$g")
    done ;;
test) groups+=(crun docker podman vm fuzz pytools deliverables) ;;
fuzz) groups+=(fuzz) ;;
debian13) groups+=(debian13) ;;
esac

# ---- what is there -------------------------------------------------------------------------
# Docker Desktop's WSL2 integration puts its CLI at /usr/bin/docker (a link into
# /mnt/wsl/docker-desktop), owned by no package; installing docker.io would replace it and its
# dockerd could take the socket.
desktop_cli() {
    local cli real
    cli=$(command -v docker 2>/dev/null) || return 1
    real=$(readlink -f "$cli")
    case "$real" in /mnt/wsl/docker-desktop* | */resources/bin/docker) return 0 ;; esac
    [[ "$(timeout 10 docker version --format '{{.Server.Platform.Name}}' 2>/dev/null)" == *"Docker Desktop"* ]] &&
        return 0
    # Desktop not running: its /usr/bin/docker is still there, from no package (another CLI
    # elsewhere, a static one in /usr/local/bin, says nothing about the engine)
    [ -e /usr/bin/docker ] && ! dpkg-query -S /usr/bin/docker >/dev/null 2>&1
}
installed() { # installed, or a virtual name one installed package provides (no grep -q in a
    # pipeline: its early exit fails the pipe under pipefail)
    local st
    st=$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null) || st=
    [ "$st" = installed ] && return 0
    dpkg-query -W -f '${db:Status-Status} ${Provides}\n' 2>/dev/null |
        sed -n 's/^installed //p' | tr ',' '\n' | sed 's/ (.*//; s/^ *//' | grep -cx -- "$1" >/dev/null
}
# A group's reason to install nothing, when there is one.
skip_reason() {
    case "$1:$release" in
    docker:*)
        desktop_cli && echo "Docker Desktop's CLI is $(command -v docker) (from no package): using it, not docker.io" ;;
    deliverables:ubuntu-*)
        command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
            echo "chromium: Ubuntu ships it only as a snap: 'snap install chromium' (the HTML check needs it)" ;;
    esac
    return 0
}

said=
say() { # the first line says which release and purpose (silent when all is present)
    [ -n "$said" ] || echo "deps: $os_name ($release, $arch); for ${purpose}${envs:+ (environments $envs)}" >&2
    said=1
    echo "deps: $*" >&2
}
[ -z "$plan" ] || say "--plan: nothing is installed"
foreign=
[ -n "${OS_RELEASE:-}" ] && foreign=1
declare -A todo=()
for g in "${groups[@]}"; do
    need=optional
    [ "$g" = core ] && need=required
    skip=$(skip_reason "$g")
    missing=()
    if [ "$g" != docker ] || [ -z "$skip" ]; then # Desktop's CLI: docker installs nothing
        for p in $(names "$g"); do installed "$p" || missing+=("$p"); done
    fi
    todo[$g]="${missing[*]}"
    if [ -n "$plan" ]; then
        if [ "$g" = docker ] && [ -n "$skip" ]; then
            state="install nothing"
        elif [ ${#missing[@]} -eq 0 ]; then
            state="present: $(names "$g" | tr '\n' ' ')"
        else
            state="install ${missing[*]}"
        fi
        echo "plan $g ($need: $(why "$g")): $state${skip:+; note: $skip}"
    elif [ -n "$skip" ]; then
        say "$g: $skip"
    fi
done
[ -n "$plan" ] && { [ -z "$foreign" ] || say "names for $release from OS_RELEASE, not checked against this machine's apt"; exit 0; }

pending=()
for g in "${groups[@]}"; do [ -n "${todo[$g]}" ] && pending+=("$g"); done
[ ${#pending[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    for g in "${pending[@]}"; do
        say "$g: missing ${todo[$g]} (not root: apt-get install ${todo[$g]})"
        [ "$g" = core ] || say "$g: $(cost "$g")"
    done
    [ -n "${todo[core]}" ] && exit 1
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || say "apt-get update failed: installing from the lists there are"
# A name apt has no candidate for but another package provides: that provider.
resolve() {
    local policy
    policy=$(apt-cache policy "$1" 2>/dev/null) # whole: grep -q's early exit would fail pipefail
    if apt-cache show --no-all-versions "$1" >/dev/null 2>&1 && grep -q 'Candidate: [^(]' <<<"$policy"; then
        echo "$1"
        return
    fi
    apt-cache showpkg "$1" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | sed -n '2{s/ .*//;p}'
}
failed_core=
for g in "${pending[@]}"; do
    pkgs=() why_not=
    for p in ${todo[$g]}; do
        r=$(resolve "$p")
        if [ -z "$r" ]; then why_not="no package $p in $release's lists"; break; fi
        pkgs+=("$r")
    done
    log=$(mktemp)
    if [ -z "$why_not" ]; then
        say "$g: installing ${pkgs[*]}"
        apt-get install -y -qq "${pkgs[@]}" >"$log" 2>&1 ||
            why_not="apt-get install ${pkgs[*]}: $(grep -E '^E:' "$log" | head -n1 | cut -c1-200)"
    fi
    rm -f "$log"
    [ -z "$why_not" ] && continue
    if [ "$g" = core ]; then
        say "core: cannot install ($why_not): nothing can be built"
        failed_core=1
    else
        say "$g: not installable here ($why_not): $(cost "$g")"
    fi
done
[ -z "$failed_core" ] || exit 1
say "done"
