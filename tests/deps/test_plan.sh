#!/usr/bin/env bash
# test_plan.sh - pipeline/deps.sh without installing anything: for each release's os-release
# (tests/deps/os-release/) `--plan` names only packages that exist in that release (the lists in
# tests/deps/packages/: Debian's checked against its archive, Ubuntu's written from knowledge, see
# their headers); make report's plan holds no test-only tool; Docker Desktop's CLI keeps docker.io
# out; and, with apt-get, apt-cache and dpkg-query faked on PATH, an optional group that fails to
# install is reported with its cost while the run goes on, a failing core fails it, and a
# virtual name is installed through its provider.
#
# Last, the cost as said: repro-collect with podman off PATH lists it as unavailable and goes on.
#
#   tests/deps/test_plan.sh [BIN_DIR]     (default build/bin)
set -u
here=$(cd "$(dirname "$0")" && pwd)
deps=$here/../../pipeline/deps.sh
work=$(mktemp -d /tmp/repro-deps-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Fakes: nothing is installed; apt-get records what it is asked and fails for FAIL_PKGS; apt-cache
# knows every name but VIRTUAL, which PROVIDER provides.
mkdir -p "$work/fake" "$work/desktop"
cat >"$work/fake/dpkg-query" <<'EOF'
#!/bin/sh
[ "$1" = -W ] && exit 1
exec /usr/bin/dpkg-query "$@"
EOF
cat >"$work/fake/apt-get" <<'EOF'
#!/bin/sh
[ "$1" = update ] && exit 0
echo "$*" >>"$APT_LOG"
for p in "$@"; do
    for f in $FAIL_PKGS; do
        [ "$p" = "$f" ] && { echo "E: Unable to locate package $p" >&2; exit 100; }
    done
done
exit 0
EOF
cat >"$work/fake/apt-cache" <<'EOF'
#!/bin/sh
eval "p=\${$#}"
case "$1:$p" in
show:"$VIRTUAL") exit 100 ;;
policy:"$VIRTUAL") printf '%s:\n  Installed: (none)\n  Candidate: (none)\n' "$p" ;;
policy:*) printf '%s:\n  Installed: (none)\n  Candidate: 1.0\n' "$p" ;;
showpkg:"$VIRTUAL") printf 'Package: %s\nReverse Provides: \n%s 1.0\n' "$p" "$PROVIDER" ;;
esac
exit 0
EOF
cat >"$work/desktop/docker" <<'EOF'
#!/bin/sh
# Docker Desktop's CLI (WSL2 integration), as `docker version` answers
case "$*" in
*Platform.Name*) echo "Docker Desktop 4.34.2 (167172)" ;;
*) echo "Docker Desktop" ;;
esac
EOF
chmod +x "$work"/fake/* "$work/desktop/docker"
fake_path=$work/fake:$PATH

# ---- 1. every release: the plan names only packages of that release -------------------------
plan_names() { # the names a plan would install
    sed -n 's/^plan [a-z0-9]* ([^)]*)*[^:]*: install \([^;]*\).*/\1/p' "$1" | tr ' ' '\n' | grep -v '^$' | sort -u
}
for f in "$here"/os-release/*; do
    r=$(basename "$f")
    list=$here/packages/$r.txt
    out=$work/plan-$r
    if ! PATH=$fake_path OS_RELEASE=$f DEPS_ARCH=amd64 "$deps" --plan --for test >"$out" 2>"$out.err"; then
        bad "$r: deps.sh --plan failed: $(cat "$out.err")"
        continue
    fi
    n=$(plan_names "$out" | wc -l)
    [ "$n" -ge 20 ] && ok || bad "$r: the plan names only $n packages: $(cat "$out")"
    for g in core crun docker podman vm fuzz pytools deliverables; do
        grep -q "^plan $g (" "$out" && ok || bad "$r: no group $g in the plan"
    done
    unknown=$(plan_names "$out" | grep -vxF -f <(grep -v '^#' "$list"))
    [ -z "$unknown" ] && ok || bad "$r: not in $r's list: $(echo $unknown)"
    # make report needs no test-only tool
    PATH=$fake_path OS_RELEASE=$f "$deps" --plan --for report >"$out.report" 2>/dev/null
    tools=$(plan_names "$out.report" | grep -E '^(clang|libclang|chromium|libreoffice|python3)')
    [ -z "$tools" ] && ok || bad "$r: make report's plan installs test-only tools: $(echo $tools)"
    grep -q "^plan podman " "$out.report" && ok || bad "$r: make report's plan has no podman group"
    PATH=$fake_path OS_RELEASE=$f REPRO_ENVS=host,oci "$deps" --plan >"$out.host" 2>/dev/null
    [ "$(grep -c '^plan ' "$out.host")" -eq 1 ] && grep -q '^plan core ' "$out.host" && ok ||
        bad "$r: REPRO_ENVS=host,oci wants more than core: $(cat "$out.host")"
done
# the lists mean something: a name a release lacks is caught
grep -q 'install.*golang-github-golang-protobuf-1-3-dev' "$work/plan-ubuntu-22.04" &&
    bad "ubuntu-22.04: plans golang-github-golang-protobuf-1-3-dev" || ok
grep -q 'install.*chromium' "$work/plan-ubuntu-24.04" && bad "ubuntu-24.04: plans chromium (a snap)" || ok
grep -q '^plan fuzz .*install clang libclang-rt-19-dev' "$work/plan-debian-13" && ok ||
    bad "debian-13: fuzz is not clang + libclang-rt-19-dev"

# ---- 2. Docker Desktop's CLI: no docker.io ------------------------------------------------
out=$work/plan-desktop
PATH=$work/desktop:$fake_path OS_RELEASE=$here/os-release/ubuntu-24.04 "$deps" --plan --for test >"$out" 2>&1
grep -q '^plan docker .*install nothing; note: Docker Desktop' "$out" && ok ||
    bad "Docker Desktop's CLI: the docker group is not skipped: $(grep docker "$out")"
plan_names "$out" | grep -qx 'docker\.io' && bad "Docker Desktop's CLI: docker.io still planned" || ok

# ---- 2b. a checkout on Windows' drive (WSL's /mnt/c) is refused with the reason --------------
out=$work/plan-mntc
REPRO_CHECKOUT=/mnt/c/Users/me/repro PATH=$fake_path "$deps" --plan >"$out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'is on a Windows drive.*clone it into the Linux filesystem' "$out" && ok ||
    bad "a checkout on /mnt/c is not refused (exit $rc): $(cat "$out")"

# ---- 3. installing: an optional group fails, the run goes on; core fails, the run fails ------
run_install() { # ENVS FAIL_PKGS [VIRTUAL PROVIDER]
    : >"$work/apt.log"
    PATH=$fake_path APT_LOG=$work/apt.log FAIL_PKGS=$2 VIRTUAL=${3:-none} PROVIDER=${4:-none} \
        OS_RELEASE=$here/os-release/debian-12 REPRO_ENVS=$1 "$deps" --for report >"$work/inst.out" 2>&1
}
if [ "$(id -u)" -eq 0 ]; then
    run_install host,oci-crun,podman podman
    rc=$?
    [ $rc -eq 0 ] && ok || bad "a failing podman group fails deps.sh (exit $rc): $(cat "$work/inst.out")"
    grep -q '^deps: podman: not installable here (apt-get install podman: E: Unable to locate package podman): the podman environment will be listed as unavailable$' "$work/inst.out" &&
        ok || bad "podman's failure is not reported with its cost: $(cat "$work/inst.out")"
    grep -q '^install -y -qq crun$' "$work/apt.log" && grep -q '^install -y -qq build-essential' "$work/apt.log" &&
        ok || bad "core and crun were not installed each on its own: $(cat "$work/apt.log")"
    run_install host build-essential
    rc=$?
    [ $rc -eq 1 ] && grep -q '^deps: core: cannot install' "$work/inst.out" && ok ||
        bad "a failing core group does not fail deps.sh (exit $rc): $(cat "$work/inst.out")"
    run_install host,oci-crun "" crun crun-provider
    grep -q '^install -y -qq crun-provider$' "$work/apt.log" && ok ||
        bad "the virtual name crun was not installed through its provider: $(cat "$work/apt.log")"
else
    bad "the install checks need root (deps.sh installs only as root): run as root"
fi

# ---- 4. the cost as said: without podman, collect goes on and lists podman as unavailable ----
bin=${1:-$here/../../build/bin}
if [ -x "$bin/repro-collect" ]; then
    mkdir -p "$work/nopodman"
    for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
        for f in "$d"/*; do
            n=${f##*/}
            [ "$n" = podman ] || [ -e "$work/nopodman/$n" ] || ln -s "$f" "$work/nopodman/$n"
        done
    done
    (cd "$here/../.." && PATH=$work/nopodman "$bin/repro-collect" --run-dir "$work/run/20260101-000000" \
        --envs host,podman --tables T2.3 --reps 1 --warmups 0 --quick) >"$work/collect.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ok || bad "collect without podman fails (exit $rc): $(tail -3 "$work/collect.out")"
    grep -q $'^podman\tunavailable\tpodman is not installed' "$work/run/20260101-000000/envs.tsv" && ok ||
        bad "podman is not listed as unavailable: $(cat "$work/run/20260101-000000/envs.tsv")"
else
    bad "no $bin/repro-collect: make all first"
fi

echo "deps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
