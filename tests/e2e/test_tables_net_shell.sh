#!/usr/bin/env bash
# test_tables_net_shell.sh - the tables of issue #7 for real, in host and oci: page cache and TCP
# Fast Open (T2.5), profile files per shell (T3.1), Go versions sharing a GOPATH (T3.2) and
# HTTP/JSON, JSON-RPC and gRPC throughput (T4.4), through collect, normalize and analyze; then
# that nothing is left behind: no network namespace or device, tcp_fastopen as it was, no
# server process, the host's /etc/profile.d untouched, no scratch file; also after the TCP Fast
# Open probe is killed half-way.
#
#   tests/e2e/test_tables_net_shell.sh [BIN_DIR]     (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-netshell.XXXXXX)
. tests/e2e/check.sh
# What the run may change on the host, before and after.
state() {
    echo "netns: $(ip netns list 2>/dev/null | tr '\n' ' ')"
    echo "links: $(ip -o link show | grep -cE 'rveth|rtun')"
    echo "tcp_fastopen: $(cat /proc/sys/net/ipv4/tcp_fastopen)"
    echo "profile.d: $( (ls -la --time-style=full-iso /etc/profile.d && cat /etc/profile.d/*) 2>&1 | sha256sum)"
    echo "mounts: $(grep -c ' /etc/profile.d ' /proc/mounts)"
}
before=$(state)
unchanged() { diff <(echo "$before") <(state); }
nothing_left() { no_processes && unchanged && no_load_namespace; }
no_processes() {
    ! pgrep -f 'repro-rpc (serve|load)' && ! pgrep -x wrk &&
        ! pgrep -f 'repro-probe (tfo|pagecache|shellenv|goversions)'
}
no_load_namespace() { # the load's namespace of this test's runs (others' runs are theirs)
    ! ip netns list | grep -E "^repro-($(ls "$work/runs" 2>/dev/null | paste -sd '|'))-load( |$)"
}

# Reading the report model (out/analysis/ of docs/formats.md).
samples() { # samples TABLE ENV BENCH_REGEX UNIT: the sample values, one a line
    awk -F'\t' -v t="$1" -v e="$2" -v b="$3" -v u="$4" \
        '$1 == t && $2 == e && $3 ~ b && $4 == u { print $6 }' "$model/samples.tsv"
}
count() { samples "$@" | wc -l; }
all_are() { # all_are VALUE TABLE ENV BENCH_REGEX UNIT: there are samples, and all equal VALUE
    local v=$1
    shift
    samples "$@" | awk -v v="$v" '{ n++; if ($1 != v) bad = 1 } END { exit !(n > 0 && !bad) }'
}
claim() { # claim ID FIELD: a field of claims.tsv
    awk -F'\t' -v id="$1" -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
        $1 == id { print $c[f] }' "$model/claims.tsv"
}
verdicts() { # verdicts TABLE [KIND_TO_SKIP]: one line per claim of the table
    awk -F'\t' -v t="$1" -v skip="${2:-}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
        NR > 1 && $c["table"] == t && $c["kind"] != skip { print $c["verdict"] }' "$model/claims.tsv"
}
nclaims() { grep -v '^#' "data/claims/$1.tsv" | tail -n +2 | awk -F'\t' -v skip="${2:-}" 'NF && $4 != skip' | grep -c .; }
every_count_holds() { # every_count_holds TABLE: each count claim's samples all equal the claim
    # (with 2 samples a side that is "inconclusive": "equal" needs 3; never "differs")
    test "$(awk -F'\t' -v t="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
        NR > 1 && $c["table"] == t && $c["kind"] == "count" && $c["detail"] ~ /(^|; )(all [0-9]+ samples equal|every sample equals the claim)/' \
        "$model/claims.tsv" | wc -l)" -eq "$(grep -v '^#' "data/claims/$1.tsv" | awk -F'\t' '$4 == "count"' | grep -c .)"
}
every_verdict() { # every_verdict TABLE VERDICT: each claim of the table has that verdict
    test "$(verdicts "$1" | grep -cx "$2")" -eq "$(nclaims "$1")"
}
every_claim_judged() { # every_claim_judged TABLE: each claim got a verdict
    test "$(verdicts "$1" | grep -c .)" -eq "$(nclaims "$1")"
}

pagecache_ok() { # pagecache_ok ENV
    test "$(count T2.5 "$1" 'cache=warm$' ns/op)" -eq 2 &&
        test "$(count T2.5 "$1" 'cache=cold$' ns/op)" -eq 2 &&
        all_are 0 T2.5 "$1" 'cache=cold$' page-cached
}
syn_data_ok() {
    all_are 1 T2.5 host 'tfo=on$' syn-data && all_are 0 T2.5 host 'tfo=off$' syn-data &&
        test "$(claim T2.5.syn-data verdict)" = pass
}
tfo_saves_time() { # the delay line's medians: Fast Open's first byte before the handshake's
    awk -v t="$(claim T2.5.tfo measured)" -v h="$(claim T2.5.handshake measured)" \
        'BEGIN { exit !(t > 0 && t < h) }'
}
t32_says_why() {
    grep -qP '^T3.2\thost\t0\tunsupported\t.*only one Go toolchain is installed' "$run/cells.tsv" &&
        grep -qP '^T3.2\toci\t0\tunsupported\t' "$run/cells.tsv" &&
        test "$(verdicts T3.2 none | grep -cx 'not measured')" -eq "$(nclaims T3.2 none)"
}
t32_measured() { # t32_measured N: N toolchains, each sees the GOPATH and builds in it
    test "$(count T3.2 host 'BenchmarkSharedGOPATH/' same-gopath)" -eq $((2 * $1)) &&
        all_are 1 T3.2 host 'BenchmarkSharedGOPATH/' same-gopath &&
        all_are 1 T3.2 host 'BenchmarkSharedGOPATH/' builds
}
rpc_ok() { # rpc_ok ENV
    for p in http-json json-rpc grpc; do
        test "$(samples T4.4 "$1" "proto=$p/" req/s | awk '$1 > 0' | wc -l)" -eq 2 || return 1
    done
    all_are 0 T4.4 "$1" 'BenchmarkRPC/' errors
}
rpc_claims_ok() {
    for id in T4.4.http T4.4.jsonrpc; do
        claim "$id" verdict | grep -qx 'other hardware' || return 1
    done
    # gRPC's figure is of another load generator too (its claims row: other-setup)
    claim T4.4.grpc verdict | grep -qx 'not comparable' || return 1
    test -n "$(claim T4.4.grpc.vs.http measured)" && test -n "$(claim T4.4.http.vs.jsonrpc measured)"
}
no_scratch() { # in the cache directories this run used (kept between runs), or the run's own
    ! find build/image/cache/host build/image/cache/oci "$run/env" \( -name 'repro-pagecache.*' -o -name 'shellenv-home.*' -o \
        -name 'goversions-gopath.*' \) | grep -q . &&
        ! find "$run/env" -path '*/etc/profile.d/repro-go.sh' 2>/dev/null | grep -q .
}

echo "tables-net-shell: T2.5, T3.1, T3.2, T4.4 in host and oci, 2 samples each, in $work"
pipeline/image.sh build/image "$bin/repro-probe" >>"$work/log" 2>&1
check "the image layer builds (bash and the T4.4 server in it)" \
    test -x build/image/rootfs/usr/bin/bash -a -x build/image/rootfs/usr/local/bin/repro-rpc
run=$work/runs/$(date -u +%Y%m%d-%H%M%S)
model=$work/model
# What a probe killed inside a container leaves in the kept cache directory (its PID there is
# always 1): the next run clears it, or its page cache file would collide.
mkdir -p build/image/cache/oci && : >build/image/cache/oci/repro-pagecache.1
"$bin/repro-collect" --run-dir "$run" --envs host,oci --tables T2.5,T3.1,T3.2,T4.4 --reps 2 \
    --warmups 0 --quick >"$work/collect.out" 2>&1
check "collect exits 0: every cell ran" test $? -eq 0
"$bin/repro-normalize" --run-dir "$run" >>"$work/log" 2>&1 &&
    "$bin/repro-analyze" --run-dir "$run" --out "$model" >>"$work/log" 2>&1
check "normalize and analyze exit 0" test $? -eq 0

# T2.5
check "T2.5 host: 2 warm and 2 cold reads; each cold read missed the page cache" pagecache_ok host
check "T2.5 oci: 2 warm and 2 cold reads; each cold read missed the page cache" pagecache_ok oci
check "T2.5 host: first byte over loopback, veth and the delay line, with and without TFO" \
    test "$(count T2.5 host 'BenchmarkFirstByte/' ns/op)" -eq 12
check "T2.5 oci: no TCP Fast Open part (it needs CAP_SYS_ADMIN for network namespaces)" \
    test "$(count T2.5 oci 'BenchmarkFirstByte/' ns/op)" -eq 0
check "T2.5: every Fast Open SYN carried data the server took, and no plain one" syn_data_ok
check "T2.5: Fast Open saves time on the delay line (its median first byte comes sooner)" tfo_saves_time
check "T2.5: every claim has a verdict" every_claim_judged T2.5

# T3.1
check "T3.1 host: 3 files x 6 shells answered in each sample" \
    test "$(count T3.1 host 'BenchmarkShellEnv/' set)" -eq 36
check "T3.1 oci: 3 files x 6 shells answered in each sample" \
    test "$(count T3.1 oci 'BenchmarkShellEnv/' set)" -eq 36
check "T3.1: the article's table holds on the host (every sample of every count claim equals it)" \
    every_count_holds T3.1
check "T3.1: ~/.bashrc reaches an interactive bash in the container too" \
    all_are 1 T3.1 oci 'file=bashrc/shell=bash-interactive$' set

# T3.2
ntool=$(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | wc -l)
if [ "$ntool" -lt 2 ]; then
    check "T3.2: one toolchain here, so each environment says why it is not measured" t32_says_why
else
    check "T3.2: each of the $ntool toolchains sees the shared GOPATH and builds in it" \
        t32_measured "$ntool"
fi

# T4.4
check "T4.4 host: HTTP/JSON, JSON-RPC and gRPC answered in both samples, no errors" rpc_ok host
check "T4.4 oci: HTTP/JSON, JSON-RPC and gRPC answered in both samples, no errors" rpc_ok oci
check "T4.4 host: the load crossed the host's loopback" \
    test "$(grep -cP '^collect: loading \S+ at 127\.0\.0\.1:\d+ over the host.s loopback$' "$run/raw/T4.4/host/001.err")" -eq 3
check "T4.4: the article's figures are shown as factors, its ordering as ratios" rpc_claims_ok

# T4.4 in the engines: the server in a docker and a podman container, loaded from the host over
# a veth pair (the load's address is the pair's, in the run's own namespace).
engines=$work/runs/engines
"$bin/repro-collect" --run-dir "$engines" --envs docker,podman --tables T4.4 --reps 1 \
    --warmups 0 --quick >"$work/engines.out" 2>&1
engine_rpc_ok() { # engine_rpc_ok ENV
    local raw=$engines/raw/T4.4/$1/001
    test "$(grep -cP '^BenchmarkRPC/proto=(http-json|json-rpc|grpc)/.*\t0 errors$' "$raw.out")" -eq 3 &&
        test "$(grep -cP '^collect: loading \S+ at 10\.213\.\d+\.\d+:\d+ from the network namespace repro-engines-load$' "$raw.err")" -eq 3
}
check "T4.4 docker: all three protocols answered over the veth pair, no errors" engine_rpc_ok docker
check "T4.4 podman: all three protocols answered over the veth pair, no errors" engine_rpc_ok podman

# T3.3 and T5: tables that describe no experiment
check "T3.3: every claim is listed as not reproducible" every_verdict T3.3 'not reproducible'
check "T5: every claim is listed as not reproducible" every_verdict T5 'not reproducible'

# Nothing left behind
check "nothing of the run is left: processes, netns, devices, tcp_fastopen, /etc/profile.d" \
    nothing_left
check "no scratch file is left in the cache directories or the container's layer" no_scratch

# Killed half-way: the children die with the probe, and the namespaces with them.
"$bin/repro-probe" tfo --connections 100000 >"$work/killed.out" 2>&1 &
pid=$!
sleep 2
{ kill -KILL "$pid" && wait "$pid"; } 2>/dev/null
sleep 1
check "a TCP Fast Open probe killed half-way had started measuring" \
    grep -q 'tcp_fastopen in namespace B' "$work/killed.out"
check "... and left nothing: processes, namespaces (also the load's), devices, sysctl" nothing_left

echo "tables-net-shell: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
