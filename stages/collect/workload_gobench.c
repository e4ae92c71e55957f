/* workload_gobench.c - the article's Table 1 benchmark as a command for any environment.
 *
 * Literally `go test -bench=^BenchmarkFib40$ -benchmem -count=1`, one process per sample so that
 * samples of different environments can be interleaved. `-exec repro-rusage` makes go test start
 * the benchmark binary under our wait4 wrapper, so peak RSS is the benchmark's own, not the
 * compiler's. GOCACHE persists per environment, so only the warm-up run compiles. */
#include "workload.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

static void gobench_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *argv[] = {
        xstrdup("go"),
        xstrdup("test"),
        xstrdup("-run=^$"),
        xasprintf("-bench=^%s$", o->bench),
        xstrdup("-benchmem"),
        xstrdup("-count=1"),
        xstrdup("-exec"),
        xasprintf("%s/repro-rusage", e->bin_dir),
        xstrdup("."),
    };
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_go_env(e);
    c->cwd = xasprintf("%s/fib", e->work_dir);
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
    .what = "go test -bench=BenchmarkFib40 -benchmem: time, allocations, peak RSS, daemon RSS",
    .daemon_memory = 1,
    .command = gobench_command,
};

