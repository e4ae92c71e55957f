/* workload_gobench.c - the article's Table 1 benchmark as a command for any environment.
 *
 * What `go test -bench=^BenchmarkFib40$ -benchmem -count=1` runs, without the build: the test
 * binary is built once on the host (repro-fib.test, static) and the same file runs everywhere,
 * one process per sample so that samples of different environments can be interleaved. It runs
 * under our wait4 wrapper (as `go test -exec repro-rusage` would), so peak RSS is the
 * benchmark's own. The quick profile takes one iteration per sample (-benchtime=1x). */
#include "workload.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

static void gobench_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *argv[] = {
        xasprintf("%s/repro-rusage", e->bin_dir),
        xasprintf("%s/repro-fib.test", e->bin_dir),
        xstrdup("-test.run=^$"),
        xasprintf("-test.bench=^%s$", o->bench),
        xstrdup("-test.benchmem"),
        xstrdup("-test.count=1"),
        xstrdup(o->quick ? "-test.benchtime=1x" : "-test.benchtime=1s"),
    };
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
}

/* Table 4.1: the same benchmark under the article's noise controls (pinned to one CPU, GOGC=off,
 * the governor read), through `repro-probe controls`, which reports which took effect. Its
 * spread beside T1's is the ablation. */
static void controls_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    gobench_command(e, o, c);
    size_t n = 0;
    while (c->argv[n])
        n++;
    char **argv = xmalloc((n + 3) * sizeof *argv);
    argv[0] = xasprintf("%s/repro-probe", e->bin_dir);
    argv[1] = xstrdup("controls");
    memcpy(argv + 2, c->argv, (n + 1) * sizeof *argv);
    free(c->argv);
    c->argv = argv;
}

const workload workload_controls = {
    .table = "T4.1",
    .what = "T1's benchmark pinned to one CPU with GOGC=off (repro-probe controls), reporting "
            "which controls took effect",
    .command = controls_command,
};

const workload workload_gobench = {
    .table = "T1",
    .runs_emulated = 1,
    .what = "go test -bench=BenchmarkFib40 -benchmem (its test binary, built once): time, "
            "allocations, peak RSS, daemon RSS",
    .daemon_memory = 1,
    .command = gobench_command,
};
