#!/usr/bin/env bash
# test_disk_full.sh - every stage on a filesystem that fills up (a small tmpfs): each fails with
# an error naming the file it could not write and "No space left on device", leaves every file
# it had written before byte for byte (atomic writes), and on free space again works. collect
# runs Table 1 on the host only (fib(20), one sample), the others on what it wrote.
#
#   tests/e2e/test_disk_full.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-diskfull.XXXXXX)
. tests/e2e/check.sh
fs=$work/fs
mkdir -p "$fs"
mount -t tmpfs -o size=24m repro-diskfull "$fs" || { echo "disk-full: cannot mount a tmpfs"; exit 1; }
trap 'umount "$fs" 2>/dev/null; [ "$failed" -eq 0 ] && rm -rf "$work"' EXIT
run=$fs/runs/20260101-000000
fill() { dd if=/dev/zero of="$fs/filler" bs=4k >/dev/null 2>&1; sync; }
free_space() { rm -f "$fs/filler"; }
sums() { (cd "$fs" && find . -path ./filler -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum); }

ncollect=0
collect() { # each call a new run, as make report does; the first is the run the others read
    local dir=$fs/runs/20260101-00000$ncollect
    ncollect=$((ncollect + 1))
    "$bin/repro-collect" --run-dir "$dir" --envs host --tables T1 --bench BenchmarkFib20 \
        --reps 1 --quick
}
normalize() { "$bin/repro-normalize" --run-dir "$run"; }
analyze() { "$bin/repro-analyze" --run-dir "$run" --out "$fs/out/analysis"; }
render() { "$bin/repro-render" --model "$fs/out/analysis" --out "$fs/out" --templates templates; }
archive() {
    "$bin/repro-archive" commit --run-dir "$run" --repo "$fs/results" --claims data/claims \
        --tables data/tables.tsv --templates templates --revision unknown
}

untag() { # the run's tag, whichever machine's path it is under: so the same run archives again
    git -C "$fs/results" tag -l 'run/*20260101-000000' | xargs -r git -C "$fs/results" tag -d >/dev/null
}
# stage NAME: on free space it works; on a full disk it fails naming a file and ENOSPC and
# keeps what was there; freed again, it works.
stage() {
    local name=$1
    check "$name works on free space" "$name"
    [ "$name" = archive ] && untag
    sums >"$work/$name.before"
    fill
    "$name" >"$work/$name.full.log" 2>&1
    local rc=$?
    free_space
    check "$name on a full disk exits non-zero" test $rc -ne 0
    if [ "$name" = archive ]; then # commit.c's copy error: "copying A to B failed: why"
        check "$name on a full disk names the file it could not write, and why" \
            grep -qE "$fs/[^ ]* failed: No space left on device" "$work/$name.full.log"
    else
        check "$name on a full disk says which file and 'No space left on device'" \
            grep -qE "$fs/[^ ]*: No space left on device" "$work/$name.full.log"
    fi
    sums >"$work/$name.after"
    check "$name on a full disk left every earlier file intact and no temp file" \
        bash -c "test -z \"\$(comm -23 '$work/$name.before' '$work/$name.after')\" &&
                 ! grep -q '\.tmp\.' '$work/$name.after'"
    [ "$name" = archive ] && untag
    check "$name works again once there is space" "$name"
}
for s in collect normalize analyze render archive; do stage "$s"; done

# A disk that fills while collect runs (once its journal exists): it stops with exit 1, naming
# what it could not write, and no cell it recorded has an empty output, nor any it did not
# record left files (a resume runs those again).
mid=$fs/runs/20260101-000009
"$bin/repro-collect" --run-dir "$mid" --envs host --tables T1 --bench BenchmarkFib20 --reps 3 \
    --quick >"$work/midrun.log" 2>&1 &
pid=$!
while [ ! -s "$mid/journal.tsv" ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
fill
wait $pid
rc=$?
free_space
check "collect on a disk that fills during the run exits non-zero, saying so" \
    bash -c "test $rc -ne 0 && grep -q 'No space left on device' '$work/midrun.log'"
cells_intact() { # every .out of $mid non-empty, and exactly the journal's cells have one
    local outs
    outs=$(cd "$mid/raw/T1/host" 2>/dev/null && ls *.out 2>/dev/null)
    # (raw/envinfo/ is read anew by every start, a resume's too: only cells are kept)
    ! find "$mid/raw" -path '*/envinfo' -prune -o -name '*.out' -empty -print | grep . &&
        test "$outs" = "$(tail -n +2 "$mid/journal.tsv" | awk -F'\t' '{ printf "%03d.out\n", $3 }')"
}
check "no cell recorded on the full disk has an empty output, none unrecorded left files" \
    cells_intact
check "the results repository is consistent after the full disk" git -C "$fs/results" fsck --no-progress
echo "disk-full: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
