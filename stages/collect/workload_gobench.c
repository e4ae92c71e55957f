/* workload_gobench.c - the article's Table 1 benchmark as a command for any environment.
 *
 * What `go test -bench=^BenchmarkFib40$ -benchmem -count=K` runs, without the build: the test
 * binary is built once on the host (repro-fib.test, static) and the same file runs everywhere,
 * one process per sample so that samples of different environments can be interleaved. It runs
 * under our wait4 wrapper (as `go test -exec repro-rusage` would), so peak RSS is the
 * benchmark's own. The quick profile answers Table 1 too, with fewer runs a sample.
 *
 * The article's peak RSS (86 MB / 142 MB) is most likely of its whole command, so every cell
 * then also runs that command from the fib source with the environment's own Go
 * (BenchmarkGoTestCommand): the peak resident memory of its whole process tree and of its
 * largest process, and its wall time, through `repro-probe treerss`. Every round does it, the
 * precision rounds past --reps too, and so does the A/A arm host-aa: every round of T1 is then
 * the same work in every arm, so rounds differ only by time and host-aa runs exactly what host
 * runs (run 20261206-041958 mixed rounds with the command, 4.4-4.9 s a cell, and rounds
 * without, 1.6-1.8 s, and its later rounds ran slower in every arm); an ablation arm (a factor
 * of its reference) leaves it out, its comparisons being of time. The price: ~0.7 s more a
 * cell (one op of the benchmark and go's own start), so a time budget buys fewer precision
 * rounds. make bench (--no-go-command) leaves it out of every round. */
#include "workload.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sample is o->bench_runs one-op runs (-test.benchtime=1x -test.count=K), of which normalize
 * takes the fastest run's time, the median run's as typical-ns/op, and B/op and allocs/op from
 * the lower median run (docs/verdicts.md "Table 1's time sample"). The disturbances of this kind of
 * machine last seconds and only ever slow a run down (run /var/tmp/exp1 of 2026-12-07: ops of
 * 468-470 ms, runs of a cell up to 668 ms), so the fastest of a cell's runs varies ~1% between
 * cells where go test's mean over its last three ops varied ~5%. The same ops as go test's
 * default -benchtime=1s (1 + 2 + 3 ops at ~0.47 s/op), or its old quick 2x (1 + 2). Where the CPU
 * is emulated one run (an op takes seconds there). */
static int gobench_runs(const env *e, const workload_opts *o)
{
    return env_emulated(e) ? 1 : o->bench_runs > 0 ? o->bench_runs : GOBENCH_RUNS_FULL;
}

static void gobench_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *argv[] = {
        xasprintf("%s/repro-rusage", e->bin_dir),
        xasprintf("%s/repro-fib.test", e->bin_dir),
        xstrdup("-test.run=^$"),
        xasprintf("-test.bench=^%s$", o->bench),
        xstrdup("-test.benchmem"),
        xasprintf("-test.count=%d", gobench_runs(e, o)),
        xasprintf("-test.benchtime=%s", o->benchtime ? o->benchtime : "1x"),
    };
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
}

/* The article's command, `go test -bench=BenchmarkFib40 -benchmem -count=5`, as
 * -count=1 -benchtime=1x: the build (go, compile, vet, link) and the test binary are the same
 * processes, so their memory is, and the time per op is T1's own benchmark's. One op, not the
 * article's five, because the memory does not depend on it and the headline's precision does: 20
 * interleaved pairs on 2026-12-07 gave the same tree peak (median 81,160 KiB at -count=1,
 * 81,092 at -count=5, both 78-85 MB) and 0.68 s against 2.54 s a run, and at -count=5 the
 * command took 40% of every precision round (docs/verdicts.md, "The budget by rank"). The GOCACHE is the
 * environment's kept one (T2.4's); the first sample runs the command once unmeasured first, so
 * every sample is of a warm cache, as on the article's developer machine. */
static void gocmd_args(const env *e, const workload_opts *o, char **argv)
{
    size_t n = 0;
    argv[n++] = xasprintf("%s/repro-probe", e->bin_dir);
    argv[n++] = xstrdup("treerss");
    argv[n++] = xstrdup("BenchmarkGoTestCommand");
    if (e->drv->only_table && e->drv->factor) {
        argv[n++] = xstrdup("--unsupported");
        argv[n++] = xstrdup("not run in an ablation arm: its comparisons are of time (the arm / "
                            "its reference), and the command's memory is its reference's");
    } else if (env_emulated(e)) { /* measured there: 35-47 s a run, and the unmeasured first one */
        argv[n++] = xstrdup("--unsupported");
        argv[n++] = xstrdup(
            "not run where the CPU is emulated (TCG): one run of the command takes 35-47 s "
            "there (measured on a 2-core machine), plus an unmeasured first run: minutes per "
            "environment, beyond the full profile's budget, for timings that are not comparable");
    } else {
        if (o->rep <= 1)
            argv[n++] = xstrdup("--prime");
        argv[n++] = xstrdup("--interval-ms");
        argv[n++] = xstrdup("2");
        argv[n++] = xstrdup("--");
        argv[n++] = xstrdup("go");
        argv[n++] = xstrdup("test");
        argv[n++] = xasprintf("-bench=%s", o->bench);
        argv[n++] = xstrdup("-benchmem");
        argv[n++] = xstrdup("-count=1");
        argv[n++] = xstrdup("-benchtime=1x");
    }
    argv[n] = NULL;
}

/* Table 1's cell: the prebuilt benchmark, then (every round) the article's whole command, both
 * in one `repro-probe seq`, so the benchmark runs first, as it always did (with the go
 * command's environment and directory, of which the test binary reads nothing). */
static void t1_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    gobench_command(e, o, c);
    if (o->no_gocmd)
        return;
    char *tail[20];
    gocmd_args(e, o, tail);
    size_t n = 0, m = 0;
    while (c->argv[n])
        n++;
    while (tail[m])
        m++;
    char **argv = xmalloc((n + m + 4) * sizeof *argv), **a = argv;
    *a++ = xasprintf("%s/repro-probe", e->bin_dir);
    *a++ = xstrdup("seq");
    memcpy(a, c->argv, n * sizeof *argv);
    a += n;
    *a++ = xstrdup(";");
    memcpy(a, tail, (m + 1) * sizeof *argv);
    free(c->argv); /* its strings are in argv now */
    c->argv = NULL;
    workload_free(c); /* the plain environment and cwd: the go command needs its own */
    c->argv = argv;
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
    .what = "go test -bench=BenchmarkFib40 -benchmem (its test binary, built once): time, "
            "allocations, peak RSS, daemon RSS; and, in every sample, the article's "
            "whole go test command from source (BenchmarkGoTestCommand): peak RSS of its process tree "
            "and of its largest process, wall time",
    .daemon_memory = 1,
    .quick_full = 1,
    .command = t1_command,
};
