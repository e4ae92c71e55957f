#!/usr/bin/env bash
# test_archive_untrusted.sh - `repro-archive extract` on results repositories crafted as another
# machine could write them (git plumbing, and raw tree objects for names git itself refuses):
# entries named "..", "a/b", "/abs", with a control character, a symbolic link, a submodule, a
# run id that is not YYYYMMDD-HHMMSS, and a target directory that is not empty. Each is refused
# with exit status non-zero, and nothing appears outside the target directory; a well-formed
# run next to them still extracts.
#
#   tests/e2e/test_archive_untrusted.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-untrusted.XXXXXX)
. tests/e2e/check.sh
repo=$work/results
git init -q "$repo"
export GIT_DIR=$repo/.git GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x \
    GIT_COMMITTER_EMAIL=x@x
blob=$(echo data | git hash-object -w --stdin)

# raw_tree "MODE NAME SHA"...: a tree object written as is (git mktree refuses '/' in names).
raw_tree() {
    python3 - "$@" <<'PY' | git hash-object -t tree -w --literally --stdin
import sys
out = b''
for e in sys.argv[1:]:
    mode, name, sha = e.split(' ', 2)
    out += mode.encode() + b' ' + name.encode('utf-8', 'surrogateescape') + b'\0' + bytes.fromhex(sha)
sys.stdout.buffer.write(out)
PY
}
# archive ID TREE: a commit holding runs/ID = TREE, tagged run/ID.
archive() {
    local runs top commit
    runs=$(raw_tree "40000 $1 $2")
    top=$(raw_tree "40000 runs $runs")
    commit=$(echo "run $1" | git commit-tree "$top")
    git update-ref "refs/tags/run/$1" "$commit"
}
sub=$(echo sub | git commit-tree "$(raw_tree "100644 f $blob")")
archive 20260101-000001 "$(raw_tree "100644 .. $blob")"
archive 20260101-000002 "$(raw_tree "100644 a/b $blob")"
archive 20260101-000003 "$(raw_tree "100644 /abs $blob")"
archive 20260101-000004 "$(raw_tree "120000 link $(printf /etc/passwd | git hash-object -w --stdin)")"
archive 20260101-000005 "$(raw_tree "160000 sub $sub")"
archive 20260101-000006 "$(raw_tree "40000 raw $(raw_tree "40000 .. $(raw_tree "100644 escaped $blob")")")"
archive 20260101-000007 "$(raw_tree "100644 $(printf 'a\nb') $blob")"
archive 20260101-000008 "$(raw_tree "100644 run.tsv $blob" "40000 raw $(raw_tree "100644 001.out $blob")")"
git update-ref refs/tags/run/evil "$(git rev-parse refs/tags/run/20260101-000008)"
unset GIT_DIR

refused() { # refused ID WHY: extract exits non-zero, says why, writes nothing outside
    local to=$work/out/$1
    "$bin/repro-archive" extract --run "$1" --to "$to" --repo "$repo" >"$work/$1.log" 2>&1
    local rc=$?
    [ $rc -ne 0 ] && grep -q "$2" "$work/$1.log" && [ ! -e "$work/out/escaped" ] &&
        [ ! -e "$work/escaped" ] && [ ! -e "$work/abs" ] && [ ! -e /abs ]
}
check "an entry named .. is refused" refused 20260101-000001 "could leave the run's directory"
check "an entry named a/b is refused" refused 20260101-000002 "could leave the run's directory"
check "an entry named /abs is refused" refused 20260101-000003 "could leave the run's directory"
check "a symbolic link is refused" refused 20260101-000004 "symbolic link or submodule"
check "a submodule is refused" refused 20260101-000005 "symbolic link or submodule"
check "a directory named .. inside the run is refused, nothing escapes" \
    refused 20260101-000006 "could leave the run's directory"
check "a name with a newline is refused" refused 20260101-000007 "could leave the run's directory"
check "a run id that is not YYYYMMDD-HHMMSS is refused" refused evil "is not a run id"
check "a well-formed run extracts, only under its directory" \
    bash -c "'$bin/repro-archive' extract --run 20260101-000008 --to '$work/out/good' --repo '$repo' &&
             test -f '$work/out/good/raw/001.out' && test -f '$work/out/good/run.tsv'"
mkdir -p "$work/full" && ln -s /tmp "$work/full/raw"
check "a target directory that is not empty (here: a link to /tmp) is refused" \
    bash -c "! '$bin/repro-archive' extract --run 20260101-000008 --to '$work/full' --repo '$repo' \
                 2>'$work/full.log' && grep -q 'not an empty directory' '$work/full.log' &&
             ! test -e /tmp/001.out"
echo "archive-untrusted: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
