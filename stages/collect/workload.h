/* workload.h - what runs inside an environment for one cell of an article table. */
#ifndef WORKLOAD_H
#define WORKLOAD_H

#include "env.h"

typedef struct {
    char **argv; /* NULL-terminated */
    char **envv; /* NULL-terminated "K=V" */
    char *cwd;   /* as seen inside the environment */
} workload_cmd;

/* T1's runs of the benchmark per sample (-test.count) unless --bench-runs says otherwise: the
 * sample's time is the fastest run's (docs/verdicts.md "Table 1's time sample"). Six one-op runs
 * cost the ops -benchtime=1s did (1 + 2 + 3), three the quick profile's old -benchtime=2x. */
#define GOBENCH_RUNS_FULL 6
#define GOBENCH_RUNS_QUICK 3

typedef struct {
    const char *bench; /* T1's Go benchmark: BenchmarkFib40, or BenchmarkFib20 for tests */
    int quick;         /* the quick profile: workloads may do fewer iterations per sample */
    int rep;           /* the sample this command is for: 1, 2, ...; 0 or less for warm-ups */
    const char *benchtime; /* T1's -test.benchtime when set (make bench), else 1x */
    int bench_runs;        /* T1's runs per sample (-test.count): docs/verdicts.md */
    int no_gocmd;          /* T1 without the article's whole go command (make bench) */
} workload_opts;

/* One article table's experiment: the command one sample runs inside an environment. Its raw
 * output goes to raw/<table>/<env>/<rep>.out; normalize knows how to read it. */
typedef struct {
    const char *table;
    const char *what;  /* one line for --help and the report */
    int daemon_memory; /* measure the runtime's daemons before each sample (.daemon file) */
    int runs_emulated; /* also run where the CPU is emulated (TCG): Table 1 and count tables */
    int trace_runtime; /* every even sample: the driver traces its runtime (<rep>.runtime) */
    int rep_factor;    /* takes --reps times this many samples (0 or 1: --reps) */
    int steady;        /* counts, sizes, yes/no, alike in every sample: at most 6 samples */
    int quick_full;    /* collect --smoke takes --reps samples here, not one smoke sample */
    /* NULL when it runs everywhere; else nonzero, with why filled, where it cannot run. */
    int (*unsupported)(const env *e, char *why, size_t len);
    void (*command)(const env *e, const workload_opts *o, workload_cmd *c);
    /* A served workload (Table 4.4): command() is a server that prints "listening NAME=HOST:PORT
     * ..." and runs until SIGTERM; load() builds the host's load for one NAME at addr
     * ("ip:port"), with host paths from ctx. -1: NAME gets no load. NULL: an ordinary cell. */
    int (*load)(const workload_opts *o, const collect_ctx *ctx, const char *name, const char *addr,
                workload_cmd *c);
} workload;

/* Every table's workload, in report order; NULL-terminated. */
extern const workload *const workloads[];
const workload *workload_find(const char *table);

extern const workload workload_gobench;
extern const workload workload_controls;
/* A NULL-terminated copy of n pointers (the strings are taken over, not copied). */
char **workload_list(size_t n, char *items[]);
/* `repro-probe args...` (n arguments, taken over) with a plain PATH, from /. */
void workload_probe(const env *e, workload_cmd *c, size_t n, char *args[]);
/* The environment of a `go` command in module mode, offline, with the environment's own
 * GOCACHE, HOME and GOPATH under its cache directory. */
char **workload_go_env(const env *e);
/* `repro-probe envinfo` inside the environment. */
void workload_envinfo(const env *e, workload_cmd *c);
void workload_free(workload_cmd *c);

#endif
