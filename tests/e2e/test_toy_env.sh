#!/usr/bin/env bash
# test_toy_env.sh - adding an environment is one driver file and its row of data
# (docs/adding-an-environment.md), and no environment's name is compared in C outside its own
# driver. In a temporary copy of the tree (under git, to list what changed): writes
# stages/collect/env_toy.c and a row of data/envs.tsv, builds, runs T1 in host and toy through
# collect, normalize, analyze and render, and checks that the report names toy and that the two
# files were all it took. Before that the grep: "host", "oci", "docker", "podman", "vm" as
# strings in stages/ (comments left out) only in the drivers, env_<name>.c (where they are
# also other things: qemu's -cpu host).
#
#   tests/e2e/test_toy_env.sh [BIN_DIR]    (BIN_DIR: the built tree's build/bin, copied along)
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-toy.XXXXXX)
. tests/e2e/check.sh
tree=$work/tree

# --- the grep: environment names compared in C only in their own drivers --------------------
# Every C string literal that is exactly an environment's name (any row of data/envs.tsv, the
# A/A and ablation arms included), with comments removed, in a file that is not a driver
# (env_common.c is not one).
env_names=$(awk -F'\t' '/^#/ { next } h++ { printf "%s%s", n++ ? "|" : "", $1 }' data/envs.tsv)
names_outside_drivers() { # names_outside_drivers DIR: "file:line: "name"" per offence
    local f
    find "$1" -name '*.[ch]' | sort | while read -r f; do
        NAMES=$env_names perl -0777 -ne '
            my $f = $ARGV; my $src = $_;
            $src =~ s{/\*.*?\*/}{ my $c = $&; $c =~ tr/\n//cd; $c }gse;  # keep line numbers
            $src =~ s{//[^\n]*}{}g;
            my $n = 0;
            for my $line (split /\n/, $src, -1) {
                $n++;
                while ($line =~ /"($ENV{NAMES})"/g) {
                    print "$f:$n: \"$1\"\n" unless $f =~ m{/env_(?!common\.c)[^/]*\.c$};
                }
            }' "$f"
    done
}
offences=$(names_outside_drivers stages)
check "no environment name is compared in C outside its own driver" test -z "$offences"
[ -z "$offences" ] || echo "$offences" | sed 's/^/    /'
# The check can fail: a copy of a workload that asks for a name by its string.
mkdir -p "$work/bad"
printf 'static int is_host(const char *n) { return !strcmp(n, "host"); } /* "vm" */\n' \
    >"$work/bad/workload_x.c"
printf 'static const char *cpu(int kvm) { return kvm ? "host" : "max"; }\n' >"$work/bad/env_vm.c"
check "... and the grep finds a name compared outside its driver (not in a comment)" \
    test "$(names_outside_drivers "$work/bad")" = "$work/bad/workload_x.c:1: \"host\""

# --- a run whose environments are a user's own: analyze takes their names from the run -------
own=$work/own
cp -r tests/fixtures/run-t1 "$own"
for f in "$own"/*.tsv "$own"/samples/*.tsv; do # every field that names host
    awk -F'\t' 'BEGIN { OFS = "\t" } { for (i = 1; i <= NF; i++) if ($i == "host") $i = "mybox" } 1' \
        "$f" >"$own/t" && mv "$own/t" "$f"
done
sed -i 's/^env: host$/env: mybox/' "$own/samples/T1.txt"
awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 && $4 == "host" { $4 = "mybox" } { print }' data/tables.tsv \
    >"$work/tables-own.tsv"
"$bin/repro-analyze" --run-dir "$own" --out "$work/own-out" --tables "$work/tables-own.tsv" \
    >"$work/own.log" 2>&1
check "analyze takes a run whose baseline is its own mybox (no 'unknown baseline env')" \
    test $? -eq 0
check "... and compares docker with mybox" grep -qP '^T1\tns/op\tdocker\tmybox\t' \
    "$work/own-out/comparisons.tsv"

# --- a toy environment: one driver file, one row ---------------------------------------------
mkdir -p "$tree"
git ls-files -z | xargs -0 cp --parents -t "$tree"
mkdir -p "$tree/build"
for d in bin stages tests go-build revision; do # the build so far: make redoes what changed
    [ -e "build/$d" ] && cp -a "build/$d" "$tree/build/"
done
[ "$bin" = build/bin ] || cp -a "$bin/." "$tree/build/bin/"
git -C "$tree" init -q && git -C "$tree" add -A &&
    git -C "$tree" -c user.name=t -c user.email=t@t commit -qm before
check "the copy of the tree is under git" test $? -eq 0

cat >"$tree/stages/collect/env_toy.c" <<'EOF'
/* env_toy.c - a toy environment: a plain process with only the workload's variables, and a
 * cache of its own. What a new driver needs, nothing more (tests/e2e/test_toy_env.sh). */
#include "env.h"

#include <stdio.h>

static int toy_probe(env *e)
{
    (void)e;
    return 0;
}

static int toy_prepare(env *e)
{
    snprintf(e->work_dir, sizeof e->work_dir, "%s", e->ctx->workloads_dir);
    snprintf(e->bin_dir, sizeof e->bin_dir, "%s", e->ctx->bin_dir);
    env_kept_cache(e, e->cache_dir, sizeof e->cache_dir);
    env_meta(e, "runtime", "none (a toy)");
    return 0;
}

static int toy_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                    const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    env_trace_unsupported(e, "a toy has no runtime to trace");
    proc_opts o = {.stdout_path = out_path, .stderr_path = err_path, .cwd = cwd, .env = envv,
                   .timeout_s = timeout_s};
    return proc_run(argv, &o, r);
}

static int toy_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    (void)e;
    *bytes = 0;
    sb_puts(desc, "none: a toy has no daemon");
    return 0;
}

static void toy_teardown(env *e)
{
    (void)e;
}

static const env_driver toy_driver = {
    .driver = "toy",
    .probe = toy_probe,
    .prepare = toy_prepare,
    .exec = toy_exec,
    .daemon_rss = toy_daemon_rss,
    .teardown = toy_teardown,
};
ENV_DRIVER(toy_driver)
EOF
printf 'toy\ttoy\ta toy environment: a plain process with only the workload'"'"'s variables\tnet_reachable\t\t\t\n' \
    >>"$tree/data/envs.tsv"

(cd "$tree" && make -j2 all) >"$work/make.log" 2>&1
check "the tree with the toy builds (make all)" test $? -eq 0
tb=$tree/build/bin run=$tree/data/runs/toy
(cd "$tree" && "$tb/repro-collect" --run-dir "$run" --envs host,toy --tables T1 \
    --bench BenchmarkFib20 --reps 3 --warmups 0 --quick --no-go-command) >"$work/collect.log" 2>&1
check "collect runs T1 in host and toy (exit 0)" test $? -eq 0
check "... toy is ok in envs.tsv, with its row's text" \
    grep -qP "^toy\tok\t\ta toy environment" "$run/envs.tsv"
check "... and took its 3 samples" test "$(grep -cP '^T1\ttoy\t[1-3]\tok' "$run/cells.tsv")" -eq 3
(cd "$tree" && "$tb/repro-normalize" --run-dir "$run" &&
    "$tb/repro-analyze" --run-dir "$run" --out out/analysis &&
    "$tb/repro-render" --model out/analysis --out out --templates templates) >"$work/stages.log" 2>&1
check "normalize, analyze and render exit 0" test $? -eq 0
check "the rendered report lists toy with its row's text, ok" \
    grep -q '^| toy | a toy environment: a plain process .* | ok |' "$tree/out/report.md"
check "... and compares its time/op with host's" \
    grep -q '^| time/op | BenchmarkFib20 | toy | host | [0-9.]*x' "$tree/out/report.md"
check "... in report.html too" grep -q '<td>toy</td>' "$tree/out/report.html"
check "the samples hold toy's results" grep -qx 'env: toy' "$run/samples/T1.txt"

touched=$(git -C "$tree" status --porcelain | awk '{ print $2 }' | sort | tr '\n' ' ')
check "two files were all it took: the driver and its row (touched: $touched)" \
    test "$touched" = "data/envs.tsv stages/collect/env_toy.c "
echo "toy-env: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
