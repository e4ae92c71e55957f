#!/usr/bin/env bash
# test_served_pidns.sh - Table 4.4 when collect cannot find the server's process (as under Docker
# Desktop, whose engine runs containers in its own VM's PID namespace): the server runs under
# `unshare -p` without the cell's token, so collect's search of /proc cannot find it.
#   1. its network is ours: the load goes through its port on 127.0.0.1 and the cell is measured;
#   2. it is also in a network namespace of its own (`unshare -p -n`): nothing answers on the
#      port, and the cell fails within seconds with the true reason (not "did not say it was
#      listening"), the server stopped through its client as docker's would be.
# Host only, one quick sample each; a bin directory whose repro-rpc wraps the server as an
# engine's client would (the token on its command line, the server in another PID namespace).
#
#   tests/e2e/test_served_pidns.sh [BIN_DIR]     (assumes `make all`; default build/bin)
set -u
cd "$(dirname "$0")/../.."
bin=$(cd "${1:-build/bin}" && pwd)
work=$(mktemp -d /tmp/repro-pidns.XXXXXX)
. tests/e2e/check.sh
pipeline/image.sh build/image "$bin/repro-probe" >"$work/image.out" 2>&1
check "the image layer is built" test $? -eq 0

wrapped_bin() { # wrapped_bin DIR UNSHARE_FLAGS: build/bin, but `repro-rpc serve` as an engine runs it
    mkdir -p "$1"
    for f in "$bin"/*; do ln -sf "$f" "$1/"; done
    rm -f "$1/repro-rpc"
    # Like an engine's client (docker run -e REPRO_CELL=...): the token on its command line, the
    # server in another PID namespace without it; SIGTERM forwarded to the server.
    cat >"$1/repro-rpc" <<EOF
#!/bin/sh
[ "\$1" = serve ] || exec "$bin/repro-rpc" "\$@"
exec env -u REPRO_CELL sh -c '
    shift
    unshare $2 --fork --kill-child "\$@" & u=\$!
    trap "pkill -TERM -P \$u" TERM
    wait \$u; wait \$u' client "REPRO_CELL=\$REPRO_CELL" "$bin/repro-rpc" "\$@"
EOF
    chmod +x "$1/repro-rpc"
}
collect() { # collect NAME: T4.4 in host with NAME's bin directory
    "$bin/repro-collect" --run-dir "$work/$1/runs/20260101-000000" --bin "$work/$1/bin" \
        --envs host --tables T4.4 --reps 1 --warmups 0 --quick >"$work/$1.collect" 2>&1
}
raw=runs/20260101-000000/raw/T4.4/host

wrapped_bin "$work/pid/bin" "-p"
collect pid
check "pid: the cell is measured" test $? -eq 0
check "pid: through the port, and it says so" \
    grep -q "not visible from this PID namespace: loading it through its port" "$work/pid/$raw/001.err"
check "pid: all three protocols measured" \
    test "$(grep -c '^BenchmarkRPC/' "$work/pid/$raw/001.out")" -ge 3

wrapped_bin "$work/pidnet/bin" "-p -n"
start=$(date +%s)
collect pidnet
rc=$?
check "pid+net: the cell fails" test $rc -ne 0
check "pid+net: the true reason: not visible, and the port does not answer" \
    grep -q "its process is not visible from this PID namespace.*does not answer" "$work/pidnet/$raw/001.err"
check "pid+net: not the old, false 'did not say it was listening'" \
    bash -c "! grep -q 'did not say it was listening' '$work/pidnet/$raw/001.err'"
# the load side gives up within PID_GRACE_S of the listening line and stops the server through
# its client: the cell takes seconds, not the server's 60 s lifetime
took=$(($(date +%s) - start))
check "pid+net: the cell failed fast ($took s)" test "$took" -lt 30

echo "served-pidns: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
